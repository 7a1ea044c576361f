"""The realtime stack: the AppSync API, its schema, data sources and resolvers, read from the repository's
AppSync folder (sources.appsync_dir(): the same files the local simulator loads). IAM is the default
authorization (the outbox publisher signs with the Lambda role); an API key lets the Channels gateway
subscribe. One per region the stage runs in."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from aws_cdk import CfnOutput, Expiration, RemovalPolicy, Stack
from aws_cdk import aws_appsync as appsync
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from constructs import Construct

from config.aws.cdk import sources
from config.aws.cdk.alarms import AlarmSpec
from config.aws.cdk.zappa import ZappaStage

API_KEY_DAYS = 364  # AppSync allows at most 365; every deploy moves the expiry (the key's value stays)
LOG_RETENTION = logs.RetentionDays.ONE_MONTH

# AppSync data source types the stack can build from resolvers.json: NONE (publishing) and the stage's table,
# read only (the vendor queries).
DataSourceFactory = Callable[["RealtimeStack", appsync.GraphqlApi, str], appsync.BaseDataSource]


TABLE_READS = ("dynamodb:GetItem", "dynamodb:Query")  # what the vendor resolvers do, nothing else


def _table_source(stack: RealtimeStack, api: appsync.GraphqlApi, name: str) -> appsync.BaseDataSource:
    table = dynamodb.Table.from_table_name(stack, f"{name}Table", stack.table_name)
    role = iam.Role(stack, f"{name}Role", assumed_by=iam.ServicePrincipal("appsync.amazonaws.com"),
                    description="AppSync reads the table for the vendor queries (deal, dealEvents, order)",
                    inline_policies={"read": iam.PolicyDocument(statements=[iam.PolicyStatement(
                        actions=list(TABLE_READS), resources=[table.table_arn])])})
    # without_policy_updates: the construct's own grant (Scan, BatchGetItem, ...) is not wanted
    return appsync.DynamoDbDataSource(stack, f"{name}Source", api=api, table=table, name=name, read_only_access=True,
                                      service_role=role.without_policy_updates(),
                                      description="the stage's table, read only: the vendor queries")


DATA_SOURCES: dict[str, DataSourceFactory] = {
    "NONE": lambda stack, api, name: api.add_none_data_source(name, name=name),
    "AMAZON_DYNAMODB": _table_source,
}


def api_key_expiry(today: datetime) -> Expiration:
    """Whole days, so that a synthesis is the same all day long."""
    midnight = today.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return Expiration.at_date(midnight + timedelta(days=API_KEY_DAYS))


class RealtimeStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage_name: str, region: ZappaStage,
                 **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.table_name = region.table_name
        definition = sources.appsync_definition()
        logs_role = iam.Role(self, "LogsRole", assumed_by=iam.ServicePrincipal("appsync.amazonaws.com"),
                             description="AppSync writes the API's request logs")
        self.api = appsync.GraphqlApi(
            self, "Api",
            name=f"quorum-{stage_name}-realtime",
            definition=appsync.Definition.from_file(str(definition.schema_file)),
            authorization_config=appsync.AuthorizationConfig(
                default_authorization=appsync.AuthorizationMode(authorization_type=appsync.AuthorizationType.IAM),
                additional_authorization_modes=[appsync.AuthorizationMode(
                    authorization_type=appsync.AuthorizationType.API_KEY,
                    api_key_config=appsync.ApiKeyConfig(
                        name="Gateway", expires=api_key_expiry(datetime.now(UTC)),
                        description="Channels gateway: subscribe only (publishing needs IAM)"))]),
            xray_enabled=True,  # resolver and publish segments in X-Ray next to the function's
        )
        # Request logging set on the resource itself: the construct's log_config would add a LogRetention
        # custom resource (a Lambda function) to manage the log group that this stack creates plainly.
        cfn_api: appsync.CfnGraphQLApi = self.api.node.default_child  # type: ignore[assignment]
        cfn_api.log_config = appsync.CfnGraphQLApi.LogConfigProperty(
            cloud_watch_logs_role_arn=logs_role.role_arn, field_log_level="ERROR", exclude_verbose_content=False)
        log_group = logs.LogGroup(self, "ApiLogs", log_group_name=f"/aws/appsync/apis/{self.api.api_id}",
                                  retention=LOG_RETENTION, removal_policy=RemovalPolicy.DESTROY)
        log_group.grant_write(logs_role)
        sources_by_name = {}
        for name, kind in definition.data_sources.items():
            if kind not in DATA_SOURCES:
                raise ValueError(f"AppSync data source {name}: type {kind} is not built yet (realtime.DATA_SOURCES)")
            sources_by_name[name] = DATA_SOURCES[kind](self, self.api, name)
        for resolver in definition.resolvers:
            sources_by_name[resolver.data_source].create_resolver(
                f"{resolver.type_name}{resolver.field_name[0].upper()}{resolver.field_name[1:]}",
                type_name=resolver.type_name, field_name=resolver.field_name,
                request_mapping_template=appsync.MappingTemplate.from_string(resolver.request),
                response_mapping_template=appsync.MappingTemplate.from_string(resolver.response))
        CfnOutput(self, "GraphQLUrl", value=self.api.graphql_url,
                  description=f"zappa_settings.json {region.name}.environment_variables.APPSYNC_GRAPHQL_URL")
        CfnOutput(self, "RealtimeApiKey", value=self.api.api_key or "",
                  description="APPSYNC_API_KEY of the Channels gateway (subscribe only)")

    def alarm_specs(self) -> list[AlarmSpec]:
        return [AlarmSpec(
            "RealtimeErrors", "AWS/AppSync", "5XXError", {"GraphQLAPIId": self.api.api_id}, "Sum", 1,
            "AppSync answered 5xx (publishing deal events or the gateway's subscriptions are failing)")]
