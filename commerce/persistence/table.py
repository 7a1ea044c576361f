"""The one DynamoDB table: its physical definition, independent of any model.

Every entity shares generic key attributes (PK, SK) and one overloaded index (GSI1PK/GSI1SK); see
docs/data-model.md for the key patterns and the query each one serves.
"""
from __future__ import annotations

from typing import Any

PK = "PK"
SK = "SK"
GSI1 = "GSI1"
GSI1_PK = "GSI1PK"
GSI1_SK = "GSI1SK"
GSI2 = "GSI2"
GSI2_PK = "GSI2PK"
GSI2_SK = "GSI2SK"
TTL_ATTRIBUTE = "expires_at"
STREAM_VIEW_TYPE = "NEW_AND_OLD_IMAGES"


def key_schema() -> list[dict[str, str]]:
    return [{"AttributeName": PK, "KeyType": "HASH"}, {"AttributeName": SK, "KeyType": "RANGE"}]


def attribute_definitions() -> list[dict[str, str]]:
    return [{"AttributeName": name, "AttributeType": "S"} for name in (PK, SK, GSI1_PK, GSI1_SK, GSI2_PK, GSI2_SK)]


def global_secondary_indexes() -> list[dict[str, Any]]:
    return [
        {
            "IndexName": GSI1,
            "KeySchema": [
                {"AttributeName": GSI1_PK, "KeyType": "HASH"},
                {"AttributeName": GSI1_SK, "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        },
        {
            "IndexName": GSI2,
            "KeySchema": [
                {"AttributeName": GSI2_PK, "KeyType": "HASH"},
                {"AttributeName": GSI2_SK, "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        },
    ]


def create_table_request(table_name: str) -> dict[str, Any]:
    return {
        "TableName": table_name,
        "KeySchema": key_schema(),
        "AttributeDefinitions": attribute_definitions(),
        "GlobalSecondaryIndexes": global_secondary_indexes(),
        "BillingMode": "PAY_PER_REQUEST",
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": STREAM_VIEW_TYPE},
    }
