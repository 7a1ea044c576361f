"""Test arrangements the product itself never makes (time travel, TTL's deletions, an item from before an
index existed), written straight to the test's table with boto3; and reads of what stores hold."""
from __future__ import annotations

from typing import Any

from commerce.persistence import base, keys
from commerce.persistence.uow import unit_of_work


def _value(value: Any) -> dict:
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, (int, float)):
        return {"N": str(value)}
    return {"S": str(value)}


def set_attributes(pk: str, sk: str, **values: Any) -> None:
    """SET (or, with None, REMOVE) attributes of an existing item."""
    sets = {k: v for k, v in values.items() if v is not None}
    removes = [k for k, v in values.items() if v is None]
    expression = []
    if sets:
        expression.append("SET " + ", ".join(f"#{k} = :{k}" for k in sets))
    if removes:
        expression.append("REMOVE " + ", ".join(f"#{k}" for k in removes))
    base.boto3_client().update_item(
        TableName=base.table_name(), Key={"PK": {"S": pk}, "SK": {"S": sk}}, UpdateExpression=" ".join(expression),
        ExpressionAttributeNames={f"#{k}": k for k in values},
        ExpressionAttributeValues={f":{k}": _value(v) for k, v in sets.items()} or None,
        ConditionExpression="attribute_exists(PK)",
    ) if sets else base.boto3_client().update_item(
        TableName=base.table_name(), Key={"PK": {"S": pk}, "SK": {"S": sk}}, UpdateExpression=" ".join(expression),
        ExpressionAttributeNames={f"#{k}": k for k in values}, ConditionExpression="attribute_exists(PK)")


def delete(pk: str, sk: str) -> None:
    base.boto3_client().delete_item(TableName=base.table_name(), Key={"PK": {"S": pk}, "SK": {"S": sk}})


def count(entity: str) -> int:
    """How many items of one entity type the table holds (a scan: tests only)."""
    client, total, start = base.boto3_client(), 0, None
    while True:
        page = client.scan(TableName=base.table_name(), FilterExpression="entity = :e",
                           ExpressionAttributeValues={":e": {"S": entity}},
                           **({"ExclusiveStartKey": start} if start else {}))
        total += page["Count"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return total


def stock(sku: str):
    found = unit_of_work().stock.get(sku)
    assert found is not None, f"no stock for {sku}"
    return found


def reservation(sku: str, order_id: str):
    found = unit_of_work().stock.reservations_of(order_id=order_id, skus=[sku])
    return found[0] if found else None


def order_keys(order_id: str) -> tuple[str, str]:
    return keys.order_pk(order_id), keys.ORDER_SK


def reservation_keys(sku: str, order_id: str) -> tuple[str, str]:
    return keys.product_pk(sku), keys.reservation_sk(order_id)
