"""Health probe for the DynamoDB table."""
from __future__ import annotations

import functools
from typing import Optional

from commerce.persistence import base


@functools.lru_cache(maxsize=8)
def _client(region: str, host: Optional[str], key: Optional[str], secret: Optional[str], timeout: float):
    """One client per binding: building a boto3 client loads its service model, too slow for every probe."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "dynamodb", region_name=region, endpoint_url=host, aws_access_key_id=key, aws_secret_access_key=secret,
        config=Config(connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 1}),
    )


def probe(timeout: float) -> str:
    """Raises if the table cannot be described; returns its status."""
    meta = base.TableItem.Meta
    client = _client(meta.region, meta.host, meta.aws_access_key_id, meta.aws_secret_access_key, timeout)
    status = client.describe_table(TableName=base.table_name())["Table"]["TableStatus"]
    if status != "ACTIVE":
        raise RuntimeError(f"table {base.table_name()} is {status}")
    return status
