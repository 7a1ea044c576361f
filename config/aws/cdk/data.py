"""The data stack: Quorum's one DynamoDB table, built from commerce/persistence/table.py.

Always a global table (AWS::DynamoDB::GlobalTable), even in one region: adding the second region is then
a replica on the same resource, not a replacement of the table."""
from __future__ import annotations

from aws_cdk import CfnOutput, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from commerce.persistence import table as definition
from config.aws.cdk.alarms import AlarmSpec
from config.aws.cdk.stages import StageConfig
from config.aws.cdk.zappa import stream_output_description

_TYPES = {"S": dynamodb.AttributeType.STRING, "N": dynamodb.AttributeType.NUMBER,
          "B": dynamodb.AttributeType.BINARY}


def _attribute(name: str) -> dynamodb.Attribute:
    types = {a["AttributeName"]: a["AttributeType"] for a in definition.attribute_definitions()}
    return dynamodb.Attribute(name=name, type=_TYPES[types[name]])


def _keys(schema: list[dict[str, str]]) -> dict[str, dynamodb.Attribute]:
    roles = {"HASH": "partition_key", "RANGE": "sort_key"}
    return {roles[k["KeyType"]]: _attribute(k["AttributeName"]) for k in schema}


def _indexes() -> list[dynamodb.GlobalSecondaryIndexPropsV2]:
    indexes = []
    for index in definition.global_secondary_indexes():
        if index["Projection"]["ProjectionType"] != "ALL":
            raise ValueError(f"index {index['IndexName']}: only ALL projections are mapped")
        indexes.append(dynamodb.GlobalSecondaryIndexPropsV2(index_name=index["IndexName"],
                                                            **_keys(index["KeySchema"])))
    return indexes


class DataStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage: StageConfig, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        protected = stage.deletion_protection
        self.table = dynamodb.TableV2(
            self, "Table",
            table_name=stage.table_name,
            **_keys(definition.key_schema()),
            global_secondary_indexes=_indexes(),
            billing=dynamodb.Billing.on_demand(),
            time_to_live_attribute=definition.TTL_ATTRIBUTE,
            dynamo_stream=dynamodb.StreamViewType(definition.STREAM_VIEW_TYPE),
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True),
            # KMS with the AWS managed key (aws/dynamodb) of each region: a replica needs no key of ours there
            encryption=dynamodb.TableEncryptionV2.aws_managed_key(),
            deletion_protection=protected,
            removal_policy=RemovalPolicy.RETAIN,
            replicas=[dynamodb.ReplicaTableProps(region=r.region, deletion_protection=protected,
                                                 point_in_time_recovery_specification=(
                                                     dynamodb.PointInTimeRecoverySpecification(
                                                         point_in_time_recovery_enabled=True)))
                      for r in stage.regions[1:]],
        )
        CfnOutput(self, "TableName", value=self.table.table_name,
                  description="zappa_settings.json environment_variables.DYNAMODB_TABLE")
        if self.table.table_stream_arn is None:
            raise ValueError("the table must have a stream (the outbox and the TTL safety net read it)")
        self.stream_arn: str = self.table.table_stream_arn
        CfnOutput(self, "TableStreamArn", value=self.stream_arn, description=stream_output_description(stage.home))


def table_alarm_specs(table_name: str, replicated_to: list[str]) -> list[AlarmSpec]:
    """The table seen from one region: throttles there, and how late its writes reach the other region."""
    dims = {"TableName": table_name}
    specs = [
        AlarmSpec("TableWriteThrottles", "AWS/DynamoDB", "WriteThrottleEvents", dims, "Sum", 1,
                  "Writes throttled (a hot partition: see docs/data-model.md)"),
        AlarmSpec("TableReadThrottles", "AWS/DynamoDB", "ReadThrottleEvents", dims, "Sum", 1,
                  "Reads throttled (a hot partition: see docs/data-model.md)"),
    ]
    specs += [AlarmSpec(f"ReplicationLatency-{region}", "AWS/DynamoDB", "ReplicationLatency",
                        {**dims, "ReceivingRegion": region}, "Average", 60_000,
                        f"Writes reach {region} more than a minute late: a failover now would lose more",
                        evaluation_periods=2)
              for region in replicated_to]
    return specs
