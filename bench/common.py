"""Shared helpers for the benchmarks: local services on free ports, percentiles, JSON output."""
from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devstack.process import free_port, free_udp_port  # noqa: E402
from devstack.services import AppSyncSimulator, DjangoSite, DynamoDBLocal, XRayReceiver  # noqa: E402


def percentiles(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)

    return {"n": len(ordered), "p50_ms": pick(0.50), "p99_ms": pick(0.99),
            "mean_ms": round(statistics.fmean(ordered), 3), "max_ms": round(ordered[-1], 3)}


@contextmanager
def local_stack(*, with_site: bool, with_appsync: bool = False, tracing: bool = False) -> Iterator[dict]:
    """DynamoDB Local in memory (+ the AppSync simulator, + Quorum under daphne with bench.settings; with
    `tracing`, the site traces every request into a devstack X-Ray receiver)."""
    log_dir = Path(tempfile.mkdtemp(prefix="quorum-bench-"))
    dynamodb = DynamoDBLocal(port=free_port())
    appsync = AppSyncSimulator(port=free_port()) if with_appsync else None
    table = f"quorum-bench-{uuid.uuid4().hex[:8]}"
    env = {"DYNAMODB_ENDPOINT_URL": dynamodb.url, "DYNAMODB_TABLE": table, "QUORUM_ENV": "test",
           "DJANGO_SETTINGS_MODULE": "bench.settings", "DEBUG": "false", "HEALTH_CHECKS": "dynamodb",
           "QUORUM_METRICS": "false"}  # stdout is the bench's JSON, not EMF lines
    if appsync:
        env.update(APPSYNC_GRAPHQL_URL=appsync.url, APPSYNC_API_KEY=appsync.api_key)
    xray = XRayReceiver(port=free_udp_port(), data_dir=log_dir / "xray", keep=1_000_000) if tracing else None
    env["QUORUM_TRACING"] = "true" if tracing else "false"
    if xray:
        env.update(xray.env(), XRAY_SAMPLING_RULES="")  # the default rules: every request traced
    os.environ.update(env)
    import django

    django.setup()
    from commerce.persistence import base
    from commerce.persistence.table_sync import table_sync

    started = [dynamodb.process(log_dir).start()]
    if appsync:
        started.append(appsync.process(log_dir).start())
    if xray:
        started.append(xray.process(log_dir).start())
    try:
        base.bind(table_name=table, endpoint_url=dynamodb.url, region="us-east-1")
        table_sync(client=base.boto3_client(), table_name=table)
        site, site_pid = None, None
        if with_site:
            site = DjangoSite(port=free_port(), env=env)
            started.append(site.process(log_dir, log_to_file=True).start())
            site_pid = started[-1].proc.pid
        yield {"dynamodb_url": dynamodb.url, "table": table, "site_url": site.url.rstrip("/") if site else None,
               "site_pid": site_pid, "xray_dir": xray.data_dir if xray else None,
               "xray_address": xray.address if xray else None}
    finally:
        for proc in reversed(started):
            proc.stop()


def emit(result: dict) -> None:
    print(json.dumps(result, indent=2))
