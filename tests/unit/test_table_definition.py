from commerce.persistence import table


def test_table_has_generic_keys_gsi_and_stream_with_both_images():
    request = table.create_table_request("t")
    assert [k["AttributeName"] for k in request["KeySchema"]] == ["PK", "SK"]
    assert request["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    gsi1, gsi2 = request["GlobalSecondaryIndexes"]
    assert gsi1["IndexName"] == "GSI1"
    assert [k["AttributeName"] for k in gsi1["KeySchema"]] == ["GSI1PK", "GSI1SK"]
    assert [k["AttributeName"] for k in gsi2["KeySchema"]] == ["GSI2PK", "GSI2SK"]
    assert request["BillingMode"] == "PAY_PER_REQUEST"


def test_models_share_the_table_keys():
    from commerce.persistence.base import TableItem
    from commerce.persistence.sessions import SessionItem

    schema = SessionItem._get_schema()
    assert {a["AttributeName"] for a in schema["attribute_definitions"]} >= {"PK", "SK", "GSI1PK", "GSI1SK"}
    assert SessionItem.Meta is TableItem.Meta  # one table, one binding
