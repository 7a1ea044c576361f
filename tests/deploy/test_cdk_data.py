"""The data stack: the table as commerce/persistence/table.py defines it, protected, and a global table
whose second replica exists only when a stage asks for one."""
from commerce.persistence import table
from tests.deploy.conftest import REPLICA_REGION


def _table(synthesis, stage: str) -> dict:
    return synthesis.one(f"quorum-{stage}-data", "AWS::DynamoDB::GlobalTable")


def test_table_matches_the_code_definition(committed):
    for stage in ("dev", "prod"):
        props = _table(committed, stage)["Properties"]
        assert props["KeySchema"] == table.key_schema()
        assert sorted(props["AttributeDefinitions"], key=str) == sorted(table.attribute_definitions(), key=str)
        assert [{k: i[k] for k in ("IndexName", "KeySchema", "Projection")} for i in props["GlobalSecondaryIndexes"]] \
            == table.global_secondary_indexes()
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
        assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}


def test_table_is_encrypted_recoverable_retained_and_protected_in_prod(synthesis):
    for stage in ("dev", "prod"):
        resource = _table(synthesis, stage)
        props = resource["Properties"]
        assert props["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS"}
        assert resource["DeletionPolicy"] == resource["UpdateReplacePolicy"] == "Retain"
        for replica in props["Replicas"]:
            assert replica["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
            assert replica["DeletionProtectionEnabled"] is (stage == "prod")


def test_a_replica_only_when_the_stage_asks(committed, everything):
    for stage in ("dev", "prod"):
        assert [r["Region"] for r in _table(committed, stage)["Properties"]["Replicas"]] == ["us-east-1"]
    assert [r["Region"] for r in _table(everything, "dev")["Properties"]["Replicas"]] == ["us-east-1"]
    assert sorted(r["Region"] for r in _table(everything, "prod")["Properties"]["Replicas"]) \
        == sorted(["us-east-1", REPLICA_REGION])
    assert not [name for name in committed.templates if name.endswith(REPLICA_REGION)]
    second = [name for name in everything.templates if name.endswith(REPLICA_REGION)]
    assert second and all(everything.regions[name] == REPLICA_REGION for name in second)
    assert everything.regions["quorum-prod-data"] == "us-east-1"  # one global table, in the home stack
