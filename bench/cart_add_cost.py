"""What one cart add costs on AWS, from what it consumes: PUT /api/carts/{id}/lines/{sku} driven through
Zappa's own lambda_handler in-process (the prod stage's settings file, HTTP API / function URL v2 events)
against DynamoDB Local, with every DynamoDB call asked for its ReturnConsumedCapacity.

    .venv/bin/python bench/cart_add_cost.py [--adds 1000]

Prints JSON: handler duration per add (this machine's CPU; Lambda at 1,024 MB gets ~0.6 vCPU), DynamoDB
calls and write/read capacity units per add, and the cost per 1M adds at the us-east-1 list prices below
(Lambda x86 requests + GB-seconds at the stage's memory size; DynamoDB on-demand; optionally API Gateway)."""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import local_stack, percentiles  # noqa: E402
from tests.integration.lambda_events import HOST, http_v2  # noqa: E402
from tests.integration.zappa_driver import LambdaContext  # noqa: E402

# us-east-1 list prices (USD), checked 2026-11; see docs/operations.md
LAMBDA_PER_REQUEST = 0.20 / 1_000_000
LAMBDA_PER_GB_SECOND = 0.0000166667
DYNAMODB_PER_WRU = 0.625 / 1_000_000
DYNAMODB_PER_RRU = 0.125 / 1_000_000
HTTP_API_PER_REQUEST = 1.00 / 1_000_000
LAMBDA_BILLING_GRANULARITY_MS = 1


def stage_settings(tmp: Path) -> tuple[dict, Path]:
    stages = json.loads((ROOT / "zappa_settings.json").read_text())
    stage = {**stages[stages["prod"].get("extends", "prod")], **stages["prod"]}
    zappa = Path(sys.executable).with_name("zappa")
    subprocess.run([str(zappa), "save-python-settings-file", "prod", "-o", str(tmp / "zappa_settings.py")],
                   cwd=ROOT, check=True, capture_output=True)
    return stage, tmp


def attribute_size(value: dict) -> int:
    """DynamoDB's documented item-size rules (bytes), for one typed attribute value."""
    kind, raw = next(iter(value.items()))
    if kind == "S":
        return len(raw.encode())
    if kind == "N":
        digits = len(raw.lstrip("-").replace(".", "").lstrip("0")) or 1
        return (digits + 1) // 2 + 1
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "M":
        return 3 + sum(len(k.encode()) + attribute_size(v) + 1 for k, v in raw.items())
    if kind == "L":
        return 3 + sum(attribute_size(v) + 1 for v in raw)
    if kind == "SS":
        return sum(len(x.encode()) for x in raw)
    return len(str(raw))


def item_size(item: dict) -> int:
    return sum(len(name.encode()) + attribute_size(value) for name, value in item.items())


class CapacityMeter:
    """botocore hooks on the one DynamoDB client: ask every call for its consumed capacity and add it up.

    Should a response carry no ConsumedCapacity, the units are computed from the item sizes by DynamoDB's
    rules: a write is ceil(KB) of the larger of the old and
    new item (an UpdateItem returning ALL_NEW shows the new one; a cart only grows while it is added to),
    a strongly consistent read ceil(size / 4 KB), an eventually consistent read half that."""

    def __init__(self) -> None:
        self.calls = 0
        self.write_units = 0.0
        self.read_units = 0.0
        self.reported = 0  # calls whose response carried ConsumedCapacity

    def install(self, client) -> None:
        client.meta.events.register("provide-client-params.dynamodb.*", self._ask)
        client.meta.events.register("after-call.dynamodb.*", self._count)

    def _ask(self, params, model, **_):
        if "ReturnConsumedCapacity" in model.input_shape.members:
            params.setdefault("ReturnConsumedCapacity", "TOTAL")
        self._consistent = bool(params.get("ConsistentRead"))

    def _count(self, http_response, parsed, model, **_):
        self.calls += 1
        consumed = parsed.get("ConsumedCapacity") or []
        writes = model.name in ("UpdateItem", "PutItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem")
        for entry in consumed if isinstance(consumed, list) else [consumed]:
            units = float(entry.get("CapacityUnits") or 0)  # TOTAL: one figure per table
            self.reported += 1
            if writes:
                self.write_units += units
            else:
                self.read_units += units
        if consumed:
            return
        import math

        if model.name in ("UpdateItem", "PutItem", "DeleteItem"):
            self.write_units += max(1, math.ceil(item_size(parsed.get("Attributes") or {}) / 1024))
        elif model.name in ("GetItem", "Query", "BatchGetItem"):
            items = ([parsed["Item"]] if "Item" in parsed else parsed.get("Items")
                     or [i for table in (parsed.get("Responses") or {}).values() for i in table])
            units = max(1, math.ceil(sum(item_size(i) for i in items) / 4096))
            self.read_units += units if self._consistent else units / 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--adds", type=int, default=1000)
    args = parser.parse_args()
    os.environ["ALLOWED_HOSTS"] = HOST  # Django is set up once, by local_stack
    with tempfile.TemporaryDirectory(prefix="quorum-cost-") as tmp, local_stack(with_site=False) as stack:
        stage, settings_dir = stage_settings(Path(tmp))
        sys.path.insert(0, str(settings_dir))
        import zappa_settings

        zappa_settings.REMOTE_ENV = ""
        zappa_settings.ENVIRONMENT_VARIABLES.update(DYNAMODB_ENDPOINT_URL=stack["dynamodb_url"],
                                                    DYNAMODB_TABLE=stack["table"])
        os.environ.update(SECRET_KEY="bench-" + "s" * 50)
        from tests import factories

        skus = [f"SKU-{i:03d}" for i in range(20)]
        for sku in skus:
            factories.product(sku, price=1250, stock=1_000_000)
        from commerce.services import carts

        cart_ids = [carts.cart_create().id for _ in range(max(1, args.adds // 20))]
        from zappa.handler import lambda_handler

        lambda_handler(http_v2("GET", "/api/meta"), LambdaContext())  # the cold start is measured elsewhere
        from commerce.persistence.base import connection

        meter = CapacityMeter()
        meter.install(connection().client)
        durations = []
        for n in range(args.adds):
            cart_id, sku = cart_ids[n % len(cart_ids)], skus[(n // len(cart_ids)) % len(skus)]
            started = time.perf_counter()
            response = lambda_handler(http_v2("PUT", f"/api/carts/{cart_id}/lines/{sku}",
                                              body={"quantity": 1 + n % 5}), LambdaContext())
            durations.append((time.perf_counter() - started) * 1000)
            assert response["statusCode"] == 200, response
    memory_gb = stage["memory_size"] / 1024
    mean_ms = statistics.fmean(durations)
    per_add = {"dynamodb_calls": meter.calls / args.adds, "write_units": meter.write_units / args.adds,
               "read_units": meter.read_units / args.adds, "calls_reporting_capacity": meter.reported / args.adds}
    billed_ms = max(LAMBDA_BILLING_GRANULARITY_MS, round(mean_ms))
    million = {
        "lambda_requests": LAMBDA_PER_REQUEST * 1e6,
        "lambda_duration": billed_ms / 1000 * memory_gb * LAMBDA_PER_GB_SECOND * 1e6,
        "dynamodb_writes": per_add["write_units"] * DYNAMODB_PER_WRU * 1e6,
        "dynamodb_reads": per_add["read_units"] * DYNAMODB_PER_RRU * 1e6,
    }
    total = sum(million.values())
    print(json.dumps({
        "benchmark": "cart_add_cost", "adds": args.adds, "memory_mb": stage["memory_size"],
        "handler_ms": percentiles(durations), "per_add": {k: round(v, 3) for k, v in per_add.items()},
        "usd_per_million_adds": {**{k: round(v, 4) for k, v in million.items()}, "total": round(total, 4),
                                 "total_with_http_api": round(total + HTTP_API_PER_REQUEST * 1e6, 4)},
        "target_usd": 1.50, "met": total <= 1.50,
    }, indent=2))


if __name__ == "__main__":
    main()
