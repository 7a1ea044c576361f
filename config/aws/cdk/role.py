"""The role stack: the function's execution role with its least-privilege policy, and its log group.
Deployed before Zappa (zappa_settings.json `role_name` names this role; `manage_roles` is false); its
outputs are what the region's Zappa stage needs."""
from __future__ import annotations

from typing import Optional

from aws_cdk import Aws, CfnOutput, RemovalPolicy, Stack
from aws_cdk import aws_appsync as appsync
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import custom_resources as cr
from constructs import Construct

from commerce.persistence import table as definition
from config.aws.cdk import nag
from config.aws.cdk.data import DataStack
from config.aws.cdk.integrations import IntegrationsStack
from config.aws.cdk.zappa import ZappaStage, stream_output_description

TABLE_ACTIONS = ("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem",
                 "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query",
                 "dynamodb:UpdateItem")
STREAM_ACTIONS = ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator")
# What the function calls on AppSync: the outbox publisher and /healthz's probe.
APPSYNC_FIELDS = (("Mutation", "publishChannelEvent"), ("Query", "health"))
LOG_RETENTION = logs.RetentionDays.ONE_MONTH
# The Integrations page: figures of each vendor queue, redrive (send back to the queue, take off the DLQ).
QUEUE_ACTIONS = ("sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:SendMessage")
DEAD_LETTER_ACTIONS = ("sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:ReceiveMessage", "sqs:DeleteMessage")
TRACING_ACTIONS = ("xray:PutTraceSegments", "xray:PutTelemetryRecords")


def replica_stream_arn(scope: Construct, table_arn: str, table_name: str) -> str:
    """A replica's stream ARN carries a timestamp that no attribute in its own region exposes (the global
    table lives in the home region's stack): ask DynamoDB for it at deploy time."""
    call = cr.AwsSdkCall(service="DynamoDB", action="describeTable", parameters={"TableName": table_name},
                         physical_resource_id=cr.PhysicalResourceId.from_response("Table.LatestStreamArn"),
                         output_paths=["Table.LatestStreamArn"])
    lookup = cr.AwsCustomResource(scope, "ReplicaStream", on_create=call, on_update=call,
                                  policy=cr.AwsCustomResourcePolicy.from_sdk_calls(resources=[table_arn]),
                                  install_latest_aws_sdk=False)
    stack = Stack.of(scope)
    nag.suppress(stack, "IAM4", "The lookup's provider function (AwsCustomResource) only writes its own logs, "
                 "through the AWS managed basic execution policy; it runs during deployments only",
                 applies_to=["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"])
    for provider in (c for c in stack.node.find_all() if isinstance(c, lambda_.CfnFunction)):
        # CDK's provider both refers to its role and depends on it; cfn-lint calls that redundant (W3005)
        provider.add_metadata("cfn-lint", {"config": {"ignore_checks": ["W3005"]}})
    return lookup.get_response_field("Table.LatestStreamArn")


class RoleStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, region: ZappaStage, data: Optional[DataStack],
                 api: appsync.GraphqlApi, integrations: Optional[IntegrationsStack] = None, **kwargs) -> None:
        """`data`: the home region's data stack, or None in the second region (the replica is looked up)."""
        super().__init__(scope, construct_id, **kwargs)
        if data is not None:  # the data stack outputs its stream ARN
            table_arn, self.stream_arn = data.table.table_arn, data.stream_arn
        else:
            table_arn = self.format_arn(service="dynamodb", resource="table", resource_name=region.table_name)
            self.stream_arn = replica_stream_arn(self, table_arn, region.table_name)
            CfnOutput(self, "TableStreamArn", value=self.stream_arn, description=stream_output_description(region))
        log_group = logs.LogGroup(self, "FunctionLogs", log_group_name=f"/aws/lambda/{region.function_name}",
                                  retention=LOG_RETENTION, removal_policy=RemovalPolicy.RETAIN)
        statements = [
            iam.PolicyStatement(sid="TableItems", actions=list(TABLE_ACTIONS), resources=[
                table_arn, *(f"{table_arn}/index/{index['IndexName']}"
                             for index in definition.global_secondary_indexes())]),
            iam.PolicyStatement(sid="TableStream", actions=list(STREAM_ACTIONS), resources=[self.stream_arn]),
            iam.PolicyStatement(sid="StreamList", actions=["dynamodb:ListStreams"], resources=["*"]),
            iam.PolicyStatement(sid="PublishChannelEvents", actions=["appsync:GraphQL"], resources=[
                f"{api.arn}/types/{type_name}/fields/{field}" for type_name, field in APPSYNC_FIELDS]),
            iam.PolicyStatement(sid="StageSecrets", actions=["s3:GetObject"],
                                resources=[f"arn:{Aws.PARTITION}:s3:::{region.secrets_object}"]),
            iam.PolicyStatement(sid="Logs", actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                                resources=[log_group.log_group_arn]),
            # active tracing (zappa_settings.json xray_tracing): the function's segments go to X-Ray
            iam.PolicyStatement(sid="Tracing", actions=list(TRACING_ACTIONS), resources=["*"]),
            # deal intelligence with QUORUM_AI_PROVIDER=bedrock: Converse on the stage's one model, nothing else
            iam.PolicyStatement(sid="InvokeModel", actions=["bedrock:InvokeModel"], resources=[
                f"arn:{Aws.PARTITION}:bedrock:{region.bedrock_region or region.region}::foundation-model/"
                f"{region.bedrock_model}"]),
        ]
        if integrations is not None:  # the fan-out publishes; the admin's Integrations page reads and redrives
            statements += [
                iam.PolicyStatement(sid="PublishEvents", actions=["events:PutEvents", "events:DescribeEventBus"],
                                    resources=[integrations.bus.event_bus_arn]),
                iam.PolicyStatement(sid="VendorQueues", actions=list(QUEUE_ACTIONS),
                                    resources=integrations.queue_arns(dead_letter=False)),
                iam.PolicyStatement(sid="DeadLetters", actions=list(DEAD_LETTER_ACTIONS),
                                    resources=integrations.queue_arns(dead_letter=True)),
                iam.PolicyStatement(sid="QueueMetrics", actions=["cloudwatch:GetMetricStatistics"], resources=["*"]),
            ]
        self.role = iam.Role(
            self, "LambdaRole", role_name=region.role_name,
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Zappa function {region.function_name}: only what Quorum calls",
            inline_policies={"quorum-least-privilege": iam.PolicyDocument(statements=statements)})
        nag.suppress(self.role, "IAM5", "dynamodb:ListStreams, cloudwatch:GetMetricStatistics and X-Ray's "
                     "PutTraceSegments and PutTelemetryRecords have no resource type: IAM only accepts '*' (the "
                     "Lambda poller lists the table's streams; the Integrations page reads the vendor queues' "
                     "oldest message age; active tracing sends segments)", applies_to=["Resource::*"])
        CfnOutput(self, "LambdaRoleName", value=self.role.role_name,
                  description=f"zappa_settings.json {region.name}.role_name")
