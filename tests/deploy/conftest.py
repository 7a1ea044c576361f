"""The CDK app synthesized once per session, twice: as committed (cdk.json: dev and prod, one region), and
with everything switched on for prod (a second region, integrations vendors, an alarm subscriber)."""
from __future__ import annotations

import dataclasses
import time

import pytest

from tests.deploy.synthesis import Synthesis, load

REPLICA_REGION = "us-west-2"
REPLICA_STAGE = "prod_us_west_2"
ALARM_EMAIL = "oncall@quorum.example"


def sample_vendors():
    from config.aws.cdk.vendors import Vendor

    return (Vendor("salesforce", {"source": ["quorum.dealroom"], "detail-type": ["Deal Stage Changed"]}, fifo=True,
                   input_path="$.detail.views.salesforce"),
            Vendor("generic", {"source": ["quorum.dealroom", "quorum.commerce"]}, max_receive_count=3))


def replica_settings() -> dict:
    """zappa_settings.json with the second region's stage, as docs/operations.md says to add it."""
    from config.aws.cdk import zappa

    settings = zappa.load()
    settings[REPLICA_STAGE] = {
        "extends": "prod", "aws_region": REPLICA_REGION, "role_name": "quorum-prod-lambda-us-west-2",
        "s3_bucket": "quorum-zappa-deployments-prod-us-west-2",
        "remote_env": "s3://quorum-secrets-prod-us-west-2/quorum-prod.json",
    }
    return settings


def _synthesize(tmp_path_factory, name: str, context_changes: dict, settings=None, vendors=()) -> Synthesis:
    from config.aws.cdk import stages, synth, zappa

    outdir = tmp_path_factory.mktemp(name)
    context = {**synth.context(), **context_changes}
    configs = stages.from_context(context, settings or zappa.load())
    if vendors:
        configs = [dataclasses.replace(c, vendors=vendors) if c.name == "prod" else c for c in configs]
    started = time.perf_counter()
    assembly = synth.synth(context, outdir=outdir, configs=configs)
    print(f"synthesized {name} in {time.perf_counter() - started:.1f} s")
    return load(assembly, outdir, synth.findings(assembly))


@pytest.fixture(scope="session")
def committed(tmp_path_factory) -> Synthesis:
    return _synthesize(tmp_path_factory, "cdk-committed", {})


@pytest.fixture(scope="session")
def everything(tmp_path_factory) -> Synthesis:
    prod = {"deletionProtection": True, "replicaRegion": REPLICA_REGION, "alarmEmail": ALARM_EMAIL}
    return _synthesize(tmp_path_factory, "cdk-everything", {"quorum:prod": prod}, settings=replica_settings(),
                       vendors=sample_vendors())


@pytest.fixture(scope="session", params=["committed", "everything"])
def synthesis(request) -> Synthesis:
    return request.getfixturevalue(request.param)
