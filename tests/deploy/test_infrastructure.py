"""The CloudFormation template: generated from the code's own table and AppSync definitions, current, and
clean under cfn-lint."""
import json
import subprocess
import sys
from pathlib import Path

from commerce import streams
from commerce.persistence import table
from config.aws import template

ROOT = Path(__file__).resolve().parents[2]


def test_committed_template_is_what_the_generator_writes():
    result = subprocess.run([sys.executable, "-m", "config.aws.template", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_cfn_lint_passes():
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    result = subprocess.run([str(cfn_lint), "--format", "parseable", str(template.OUTPUT)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_table_matches_the_code_and_is_protected():
    props = json.loads(template.OUTPUT.read_text())["Resources"]["Table"]["Properties"]
    assert props["KeySchema"] == table.key_schema()
    assert [i["IndexName"] for i in props["GlobalSecondaryIndexes"]] == [table.GSI1, table.GSI2]
    assert props["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True


def test_appsync_is_built_from_realtime_appsync_with_iam_publishing():
    resources = json.loads(template.OUTPUT.read_text())["Resources"]
    api = resources["RealtimeApi"]["Properties"]
    assert api["AuthenticationType"] == "AWS_IAM"
    assert resources["RealtimeSchema"]["Properties"]["Definition"] == (
        ROOT / "realtime/appsync/schema.graphql").read_text()
    resolvers = {r["Properties"]["FieldName"]: r["Properties"] for r in resources.values()
                 if r["Type"] == "AWS::AppSync::Resolver"}
    assert set(resolvers) == {"publishChannelEvent", "health"}
    assert resolvers["publishChannelEvent"]["RequestMappingTemplate"] == (
        ROOT / "realtime/appsync/resolvers/Mutation.publishChannelEvent.req.vtl").read_text()
    data_sources = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::AppSync::DataSource"]
    assert data_sources == [{"ApiId": {"Fn::GetAtt": ["RealtimeApi", "ApiId"]}, "Name": "NoneDS", "Type": "NONE"}]


def test_lambda_policy_is_least_privilege():
    role = json.loads(template.OUTPUT.read_text())["Resources"]["LambdaRole"]["Properties"]
    statements = role["Policies"][0]["PolicyDocument"]["Statement"]
    actions = [a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])]
    assert not [a for a in actions if a.endswith("*")], "no wildcard actions"
    assert not {"dynamodb:Scan", "dynamodb:DeleteTable", "dynamodb:CreateTable"} & set(actions)
    wildcard_resources = [s["Sid"] for s in statements if s["Resource"] == "*"]
    assert wildcard_resources == ["StreamList"]  # ListStreams cannot be scoped to a resource
    appsync = next(s for s in statements if s["Sid"] == "PublishChannelEvents")
    assert all("/types/" in r["Fn::Sub"] for r in appsync["Resource"])  # one field each, not the whole API


def test_stream_mapping_reports_partial_batch_failures_and_filters_to_handled_entities(settings):
    mapping = json.loads(template.OUTPUT.read_text())["Resources"]["TableStreamToLambda"]["Properties"]
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["EventSourceArn"] == {"Fn::GetAtt": ["Table", "StreamArn"]}
    patterns = [json.loads(f["Pattern"]) for f in mapping["FilterCriteria"]["Filters"]]
    assert patterns[0]["dynamodb"]["NewImage"]["entity"]["S"] == streams.entities()
    assert "Cart" not in patterns[0]["dynamodb"]["NewImage"]["entity"]["S"]  # cart edits never invoke it
    assert patterns[1]["eventName"] == ["REMOVE"]
