"""Shared PynamoDB base for every item in the single table, and the binding of models to a table.

Models declare their entity type through the discriminator; the table name, endpoint and region come
from settings at app start-up (`bind`), and tests rebind them to a table of their own.
"""
from __future__ import annotations

from typing import Optional

from pynamodb.attributes import DiscriminatorAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.exceptions import TableError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from commerce.persistence import table

# DynamoDB Local keeps one database per access key and region unless -sharedDb; these dummy keys are
# used whenever an endpoint override is configured and the environment brings no credentials.
LOCAL_ACCESS_KEY_ID = "quorumlocal"
LOCAL_SECRET_ACCESS_KEY = "quorumlocal"


class GSI1(GlobalSecondaryIndex):
    class Meta:
        index_name = table.GSI1
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True, attr_name=table.GSI1_PK)
    gsi1sk = UnicodeAttribute(range_key=True, attr_name=table.GSI1_SK)


class GSI2(GlobalSecondaryIndex):
    class Meta:
        index_name = table.GSI2
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True, attr_name=table.GSI2_PK)
    gsi2sk = UnicodeAttribute(range_key=True, attr_name=table.GSI2_SK)


class TableItem(Model):
    """Base of every entity. Subclasses pass `discriminator="EntityName"`."""

    class Meta:
        table_name = "quorum-unbound"
        region = "us-east-1"
        host: Optional[str] = None
        max_retry_attempts = 3
        connect_timeout_seconds = 2
        read_timeout_seconds = 5

    pk = UnicodeAttribute(hash_key=True, attr_name=table.PK)
    sk = UnicodeAttribute(range_key=True, attr_name=table.SK)
    entity = DiscriminatorAttribute(attr_name="entity")
    gsi1pk = UnicodeAttribute(null=True, attr_name=table.GSI1_PK)
    gsi1sk = UnicodeAttribute(null=True, attr_name=table.GSI1_SK)
    gsi2pk = UnicodeAttribute(null=True, attr_name=table.GSI2_PK)
    gsi2sk = UnicodeAttribute(null=True, attr_name=table.GSI2_SK)
    expires_at = TTLAttribute(null=True, attr_name=table.TTL_ATTRIBUTE)

    gsi1 = GSI1()
    gsi2 = GSI2()

    @classmethod
    def _get_connection(cls):
        """Every entity class talks to the one table through ONE low-level connection (one botocore
        client), instead of PynamoDB's one per class: a cold start builds the DynamoDB client once."""
        table_connection = super()._get_connection()
        shared = connection()
        if table_connection.connection is not shared:
            try:
                shared.get_meta_table(table_connection.table_name)
            except TableError:
                shared.add_meta_table(table_connection.connection.get_meta_table(table_connection.table_name))
            table_connection.connection = shared
        return table_connection


def _all_models(cls: type[Model] = TableItem) -> list[type[Model]]:
    found = [cls]
    for sub in cls.__subclasses__():
        found.extend(_all_models(sub))
    return found


def bind(*, table_name: str, endpoint_url: Optional[str], region: str) -> None:
    """Point every model at one table. Safe to call again (tests give each test its own table)."""
    import os

    meta = TableItem.Meta
    meta.table_name = table_name
    meta.host = endpoint_url
    meta.region = region
    local = bool(endpoint_url)
    meta.aws_access_key_id = (os.environ.get("AWS_ACCESS_KEY_ID") or LOCAL_ACCESS_KEY_ID) if local else None
    meta.aws_secret_access_key = (
        (os.environ.get("AWS_SECRET_ACCESS_KEY") or LOCAL_SECRET_ACCESS_KEY) if local else None
    )
    global _connection
    for model in _all_models():
        model._connection = None
    _connection = None


_connection: Optional[Connection] = None


def connection() -> Connection:
    """A low-level PynamoDB connection for the bound table (TransactWrite/TransactGet need one)."""
    global _connection
    meta = TableItem.Meta
    if _connection is None:
        _connection = Connection(
            region=meta.region,
            host=meta.host,
            max_retry_attempts=meta.max_retry_attempts,
            connect_timeout_seconds=meta.connect_timeout_seconds,
            read_timeout_seconds=meta.read_timeout_seconds,
            aws_access_key_id=meta.aws_access_key_id,
            aws_secret_access_key=meta.aws_secret_access_key,
        )
    return _connection


def table_name() -> str:
    return TableItem.Meta.table_name


def boto3_client():
    """A plain boto3 client for what PynamoDB does not cover (table sync, streams)."""
    import boto3

    meta = TableItem.Meta
    return boto3.client(
        "dynamodb",
        region_name=meta.region,
        endpoint_url=meta.host,
        aws_access_key_id=meta.aws_access_key_id,
        aws_secret_access_key=meta.aws_secret_access_key,
    )


def query_partition(pk: str, *, consistent_read: bool = True) -> list[TableItem]:
    """Every item under one partition key, each as its own entity class (by discriminator).

    Querying TableItem itself would add a discriminator filter with no values, so this goes through
    the low-level connection and lets `from_raw_data` pick each item's class.
    """
    items: list[TableItem] = []
    start = None
    while True:
        page = TableItem._get_connection().query(pk, consistent_read=consistent_read, exclusive_start_key=start)
        items.extend(TableItem.from_raw_data(raw) for raw in page.get("Items", []))
        start = page.get("LastEvaluatedKey")
        if not start:
            return items
