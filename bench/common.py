"""Shared helpers for the benchmarks: local services on free ports, percentiles, JSON output."""
from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devstack.process import free_port  # noqa: E402
from devstack.services import DjangoSite, DynamoDBLocal  # noqa: E402


def percentiles(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)

    return {"n": len(ordered), "p50_ms": pick(0.50), "p99_ms": pick(0.99), "mean_ms": round(statistics.fmean(ordered), 3),
            "max_ms": round(ordered[-1], 3)}


@contextmanager
def local_stack(*, with_site: bool) -> Iterator[dict]:
    """DynamoDB Local in memory (+ Quorum under daphne with bench.settings) on free ports."""
    log_dir = Path(tempfile.mkdtemp(prefix="quorum-bench-"))
    dynamodb = DynamoDBLocal(port=free_port())
    table = f"quorum-bench-{uuid.uuid4().hex[:8]}"
    env = {"DYNAMODB_ENDPOINT_URL": dynamodb.url, "DYNAMODB_TABLE": table, "QUORUM_ENV": "test",
           "DJANGO_SETTINGS_MODULE": "bench.settings", "DEBUG": "false", "HEALTH_CHECKS": "dynamodb"}
    os.environ.update(env)
    import django

    django.setup()
    from commerce.persistence import base
    from commerce.persistence.table_sync import table_sync

    started = [dynamodb.process(log_dir).start()]
    try:
        base.bind(table_name=table, endpoint_url=dynamodb.url, region="us-east-1")
        table_sync(client=base.boto3_client(), table_name=table)
        site = None
        if with_site:
            site = DjangoSite(port=free_port(), env=env)
            started.append(site.process(log_dir, log_to_file=True).start())
        yield {"dynamodb_url": dynamodb.url, "table": table, "site_url": site.url.rstrip("/") if site else None}
    finally:
        for proc in reversed(started):
            proc.stop()


def emit(result: dict) -> None:
    print(json.dumps(result, indent=2))
