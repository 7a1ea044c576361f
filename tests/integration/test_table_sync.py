"""table_sync against DynamoDB Local: creates the table once, then changes nothing."""
from io import StringIO

from django.core.management import call_command

from commerce.persistence import base
from commerce.persistence.table_sync import table_sync


def test_table_has_index_stream_and_ttl(table):
    client = base.boto3_client()
    described = client.describe_table(TableName=table)["Table"]
    assert sorted(g["IndexName"] for g in described["GlobalSecondaryIndexes"]) == ["GSI1", "GSI2"]
    assert described["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    ttl = client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}


def test_second_sync_is_a_no_op(table):
    assert table_sync(client=base.boto3_client(), table_name=table) == []


def test_command_creates_a_missing_table_and_reports_it(services):
    import uuid

    name = f"quorum-test-cmd-{uuid.uuid4().hex[:8]}"
    base.bind(table_name=name, endpoint_url=services.dynamodb.url, region="us-east-1")
    try:
        out = StringIO()
        call_command("table_sync", stdout=out)
        assert f"table {name}: created table {name}" in out.getvalue()
        out = StringIO()
        call_command("table_sync", stdout=out)
        assert out.getvalue().strip() == f"table {name}: already in sync"
    finally:
        base.boto3_client().delete_table(TableName=name)


def test_sync_repairs_a_table_missing_its_index_stream_and_ttl(services):
    import uuid

    name = f"quorum-test-old-{uuid.uuid4().hex[:8]}"
    base.bind(table_name=name, endpoint_url=services.dynamodb.url, region="us-east-1")
    client = base.boto3_client()
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                              {"AttributeName": "SK", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        changes = table_sync(client=client, table_name=name)
        assert changes == ["added index GSI1", "added index GSI2", "enabled stream (NEW_AND_OLD_IMAGES)",
                           "enabled TTL on expires_at"]
        assert table_sync(client=client, table_name=name) == []
    finally:
        client.delete_table(TableName=name)
