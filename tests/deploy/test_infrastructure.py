"""The CDK app (config/aws/cdk): every stage synthesizes, cdk-nag's AwsSolutions pack finds nothing left
unsuppressed, cfn-lint passes, the pinned CDK CLI reads the assembly, and the stages are Zappa's."""
import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.conftest import REPLICA_STAGE

ROOT = Path(__file__).resolve().parents[2]
STACKS = ("data", "realtime", "role", "app")


def test_every_stage_synthesizes_its_stacks(committed, everything):
    assert sorted(committed.templates) == sorted(f"quorum-{stage}-{stack}" for stage in ("dev", "prod")
                                                 for stack in (*STACKS, "integrations"))
    prod = sorted(name for name in everything.templates if name.startswith("quorum-prod-"))
    assert prod == sorted([*(f"quorum-prod-{s}" for s in (*STACKS, "integrations")),
                           *(f"quorum-prod-{s}-us-west-2" for s in ("realtime", "role", "app", "integrations"))])


def test_cdk_nag_leaves_no_finding_unsuppressed_and_every_suppression_has_its_reason(synthesis):
    assert synthesis.findings == []
    reports = dict(synthesis.nag_reports())
    assert len(reports) == len(synthesis.templates)  # the pack ran on every stack
    suppressed = []
    for name, path in reports.items():
        with path.open() as handle:
            rows = list(csv.DictReader(handle))  # empty for the data stack: no rule covers a global table
        assert not [r for r in rows if r["Compliance"] == "Non-Compliant"], name
        for row in rows:
            if row["Compliance"] == "Suppressed":
                assert len(row["Exception Reason"]) > 40, row  # a reason, not a placeholder
                suppressed.append((row["Rule ID"], row["Resource ID"].split("/", 2)[1]))
    # the only exceptions: ListStreams and X-Ray's writes take no resource; the replica-stream lookup's
    # provider function; the scheduler's dead-letter queue (a DLQ itself, which cdk-nag cannot tell)
    expected = {("AwsSolutions-IAM5", stack) for stack in ("role", "role-us-west-2")}
    expected |= {("AwsSolutions-IAM4", "role-us-west-2")}
    expected |= {("AwsSolutions-SQS3", stack) for stack in ("app", "app-us-west-2")}
    assert set(suppressed) <= expected and ("AwsSolutions-IAM5", "role") in suppressed


def test_cfn_lint_passes_on_every_template(committed, everything):
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    paths = [str(p) for s in (committed, everything) for p in s.paths.values()]
    result = subprocess.run([str(cfn_lint), "--format", "parseable", "--", *paths], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pinned_cdk_cli_reads_the_assembly(everything):
    """`cdk deploy --app <assembly>` is how the stacks go out: the CLI must accept this aws-cdk-lib's assembly."""
    cli = ROOT / "node_modules" / ".bin" / "cdk"
    env = {**os.environ, "CDK_DISABLE_CLI_TELEMETRY": "true"}
    result = subprocess.run([str(cli), "ls", "--app", str(everything.outdir), "--no-notices"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    listed = {line.split(" (")[-1].rstrip(")") for line in result.stdout.split("\n") if line.strip()}
    assert listed == set(everything.templates)


def test_stages_are_the_zappa_stages_and_take_their_names_from_them(committed):
    from config.aws.cdk import zappa

    settings = zappa.load()
    assert {name.split("-")[1] for name in committed.templates} == set(settings)
    for stage in settings:
        expected = zappa.stage(settings, stage)
        role = committed.one(f"quorum-{stage}-role", "AWS::IAM::Role")["Properties"]
        assert role["RoleName"] == expected.role_name == settings[stage].get("role_name", expected.role_name)
        table = committed.one(f"quorum-{stage}-data", "AWS::DynamoDB::GlobalTable")["Properties"]
        assert table["TableName"] == settings[stage]["environment_variables"]["DYNAMODB_TABLE"]
        logs = committed.one(f"quorum-{stage}-role", "AWS::Logs::LogGroup")["Properties"]
        assert logs["LogGroupName"] == f"/aws/lambda/quorum-{stage}"
        assert committed.regions[f"quorum-{stage}-app"] == settings[stage].get("aws_region", "us-east-1")


def test_outputs_give_zappa_what_it_needs(everything):
    outputs = {name: set(t.get("Outputs", {})) for name, t in everything.templates.items()}
    assert {"TableName", "TableStreamArn"} <= outputs["quorum-prod-data"]
    for suffix in ("", "-us-west-2"):
        assert {"GraphQLUrl", "RealtimeApiKey"} <= outputs[f"quorum-prod-realtime{suffix}"]
        assert "LambdaRoleName" in outputs[f"quorum-prod-role{suffix}"]
    assert "TableStreamArn" in outputs["quorum-prod-role-us-west-2"]  # the replica's own stream
    description = everything.templates["quorum-prod-role-us-west-2"]["Outputs"]["TableStreamArn"]["Description"]
    assert f"{REPLICA_STAGE}.events[0].event_source.arn" in description


@pytest.mark.parametrize("context, message", [
    ({"deletionProtection": True, "replica": "us-west-2"}, "unknown keys ['replica']"),
    ({"replicaRegion": "eu-west-1"}, "add the Zappa stage 'prod_eu_west_1'"),
    ({"activeRegion": "eu-west-1"}, "neither the home nor the replica region"),
])
def test_a_wrong_stage_context_is_refused_with_what_to_do(context, message):
    from config.aws.cdk import stages, zappa

    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        stages.stage_config("prod", context, zappa.load())


def test_an_unsuppressed_finding_is_reported(tmp_path):
    """The check above can fail: a queue without TLS enforcement or a dead-letter queue is reported."""
    from aws_cdk import App, Stack, Stage
    from aws_cdk import aws_sqs as sqs

    from config.aws.cdk import nag, synth

    app = App(outdir=str(tmp_path))
    stage = Stage(app, "quorum-probe")
    nag.check(stage)
    sqs.Queue(Stack(stage, "queue"), "Queue")
    found = synth.findings(app.synth())
    assert any(f.startswith("quorum-probe-queue: AwsSolutions-SQS4") for f in found), found
