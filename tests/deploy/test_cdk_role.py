"""The function's role: exactly the actions Quorum calls, on its own table, stream, AppSync fields, secrets
object and log group; no wildcard anywhere near the table."""
import json

from tests.deploy.conftest import REPLICA_STAGE
from tests.deploy.synthesis import arn_tail, as_list, statements

EXPECTED_ACTIONS = {
    "TableItems": {"dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem",
                   "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query",
                   "dynamodb:UpdateItem"},
    "TableStream": {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"},
    "StreamList": {"dynamodb:ListStreams"},
    "PublishChannelEvents": {"appsync:GraphQL"},
    "StageSecrets": {"s3:GetObject"},
    "Logs": {"logs:CreateLogStream", "logs:PutLogEvents"},
    "Tracing": {"xray:PutTraceSegments", "xray:PutTelemetryRecords"},
    "InvokeModel": {"bedrock:InvokeModel"},
}


def _role(synthesis, stack: str) -> dict:
    (role,) = [r for r in synthesis.resources(stack, "AWS::IAM::Role").values()
               if r["Properties"].get("RoleName", "").startswith("quorum-")]
    return role


def test_the_role_holds_exactly_what_quorum_calls(synthesis):
    for stack in synthesis.stacks("role"):
        role = _role(synthesis, stack)
        assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"] == [
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}]
        assert "ManagedPolicyArns" not in role["Properties"]
        by_sid = statements(role)
        expected = dict(EXPECTED_ACTIONS)
        integrations = stack.replace("-role", "-integrations")
        if integrations in synthesis.templates:  # publishing to the stage's bus; the Integrations page
            expected.update({"PublishEvents": {"events:PutEvents", "events:DescribeEventBus"},
                             "VendorQueues": {"sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:SendMessage"},
                             "DeadLetters": {"sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:ReceiveMessage",
                                             "sqs:DeleteMessage"},
                             "QueueMetrics": {"cloudwatch:GetMetricStatistics"}})
            for sid in ("PublishEvents", "VendorQueues", "DeadLetters"):  # the stage's own, each by ARN
                assert f'"{integrations}:' in json.dumps(by_sid[sid]["Resource"]), sid
        assert {sid: set(as_list(s["Action"])) for sid, s in by_sid.items()} == expected
        assert all(s["Effect"] == "Allow" for s in by_sid.values())
        model = json.dumps(by_sid["InvokeModel"]["Resource"])  # the stage's one model (Converse), in its region
        assert "::foundation-model/anthropic.claude-3-haiku-20240307-v1:0" in model and ":bedrock:" in model


def test_no_wildcard_on_the_table_and_only_listing_streams_and_tracing_take_any_resource(synthesis):
    for stack in synthesis.stacks("role"):
        by_sid = statements(_role(synthesis, stack))
        anywhere = [sid for sid, s in by_sid.items() if "*" in json.dumps(s["Resource"])]
        assert set(anywhere) in ({"StreamList", "Tracing"}, {"StreamList", "QueueMetrics", "Tracing"})  # no resource
        assert all(by_sid[sid]["Resource"] == "*" for sid in anywhere)
        table, *indexes = as_list(by_sid["TableItems"]["Resource"])
        assert [arn_tail(r).split("/index/")[1] for r in indexes] == ["GSI1", "GSI2"]  # each index by name
        assert "/index/" not in json.dumps(table)
        appsync = as_list(by_sid["PublishChannelEvents"]["Resource"])  # one field each, not the whole API
        assert sorted(arn_tail(r) for r in appsync) == ["/types/Mutation/fields/publishChannelEvent",
                                                        "/types/Query/fields/health"]


def test_replica_role_works_on_the_replica_and_reads_the_secrets_of_its_zappa_stage(everything):
    from config.aws.cdk import zappa
    from tests.deploy.conftest import replica_settings

    settings = replica_settings()
    for stack, stage in (("quorum-prod-role", "prod"), ("quorum-prod-role-us-west-2", REPLICA_STAGE)):
        by_sid = statements(_role(everything, stack))
        secrets = json.dumps(by_sid["StageSecrets"]["Resource"])
        assert f':s3:::{zappa.stage(settings, stage).secrets_object}"' in secrets
    replica = statements(_role(everything, "quorum-prod-role-us-west-2"))
    assert all(":dynamodb:us-west-2:" in json.dumps(r) for r in replica["TableItems"]["Resource"])
    ((lookup_id, lookup),) = everything.resources("quorum-prod-role-us-west-2", "Custom::AWS").items()
    assert replica["TableStream"]["Resource"] == {"Fn::GetAtt": [lookup_id, "Table.LatestStreamArn"]}
    call = json.loads(lookup["Properties"]["Create"])  # asked of DynamoDB in the replica's region at deploy time
    assert (call["service"], call["action"], call["parameters"]) == ("DynamoDB", "describeTable",
                                                                     {"TableName": "quorum-prod"})
