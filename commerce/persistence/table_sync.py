"""Create the table or bring an existing one up to the definition in table.py. Idempotent."""
from __future__ import annotations

import time
from typing import Any

from commerce.persistence import table


def table_sync(*, client: Any, table_name: str) -> list[str]:
    """Returns what was done, one human-readable line per change (empty when already in sync)."""
    changes: list[str] = []
    try:
        described = client.describe_table(TableName=table_name)["Table"]
    except client.exceptions.ResourceNotFoundException:
        client.create_table(**table.create_table_request(table_name))
        client.get_waiter("table_exists").wait(TableName=table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        changes.append(f"created table {table_name}")
        described = client.describe_table(TableName=table_name)["Table"]

    changes += _sync_indexes(client, table_name, described)
    changes += _sync_stream(client, table_name, described)
    changes += _sync_ttl(client, table_name)
    return changes


def _sync_indexes(client: Any, table_name: str, described: dict) -> list[str]:
    existing = {gsi["IndexName"] for gsi in described.get("GlobalSecondaryIndexes", [])}
    changes = []
    for gsi in table.global_secondary_indexes():
        if gsi["IndexName"] in existing:
            continue
        client.update_table(
            TableName=table_name,
            AttributeDefinitions=table.attribute_definitions(),
            GlobalSecondaryIndexUpdates=[{"Create": gsi}],
        )
        _wait_until_indexes_active(client, table_name)  # DynamoDB builds one new index at a time
        changes.append(f"added index {gsi['IndexName']}")
    return changes


def _wait_until_indexes_active(client: Any, table_name: str, timeout: float = 1800.0) -> None:
    """New indexes backfill (minutes on a large table in AWS); wait until every one is ACTIVE."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        described = client.describe_table(TableName=table_name)["Table"]
        statuses = [gsi.get("IndexStatus") for gsi in described.get("GlobalSecondaryIndexes", [])]
        if described["TableStatus"] == "ACTIVE" and all(status == "ACTIVE" for status in statuses):
            return
        time.sleep(0.2)
    raise TimeoutError(f"indexes of {table_name} were not active after {timeout:.0f}s")


def _sync_stream(client: Any, table_name: str, described: dict) -> list[str]:
    spec = described.get("StreamSpecification") or {}
    if spec.get("StreamEnabled") and spec.get("StreamViewType") == table.STREAM_VIEW_TYPE:
        return []
    if spec.get("StreamEnabled"):
        client.update_table(TableName=table_name, StreamSpecification={"StreamEnabled": False})
    client.update_table(
        TableName=table_name,
        StreamSpecification={"StreamEnabled": True, "StreamViewType": table.STREAM_VIEW_TYPE},
    )
    return [f"enabled stream ({table.STREAM_VIEW_TYPE})"]


def _sync_ttl(client: Any, table_name: str) -> list[str]:
    ttl = client.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
    if ttl.get("TimeToLiveStatus") in {"ENABLED", "ENABLING"} and ttl.get("AttributeName") == table.TTL_ATTRIBUTE:
        return []
    client.update_time_to_live(
        TableName=table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": table.TTL_ATTRIBUTE},
    )
    return [f"enabled TTL on {table.TTL_ATTRIBUTE}"]
