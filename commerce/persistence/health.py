"""Health probe for the DynamoDB table."""
from __future__ import annotations

from commerce.persistence import base


def probe(timeout: float) -> str:
    """Raises if the table cannot be described; returns its status."""
    from botocore.config import Config

    import boto3

    meta = base.TableItem.Meta
    client = boto3.client(
        "dynamodb",
        region_name=meta.region,
        endpoint_url=meta.host,
        aws_access_key_id=meta.aws_access_key_id,
        aws_secret_access_key=meta.aws_secret_access_key,
        config=Config(connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 1}),
    )
    status = client.describe_table(TableName=base.table_name())["Table"]["TableStatus"]
    if status != "ACTIVE":
        raise RuntimeError(f"table {base.table_name()} is {status}")
    return status
