"""The app stack: what attaches to the function Zappa deployed. The table stream -> function mapping
(partial batch responses, filtered to the entities a handler acts on), the schedules, and the region's
alarms on one topic. Deployed after `zappa deploy` (the mapping needs the function to exist).

In a stage with two regions only the active one consumes the stream and runs the schedules; the other's
mapping and schedules exist, disabled, and failover enables them (docs/operations.md)."""
from __future__ import annotations

import json
from collections.abc import Iterable

from aws_cdk import ArnFormat, Aws, Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from config.aws.cdk import alarms, nag, observability, sources
from config.aws.cdk.alarms import AlarmSpec, Spec
from config.aws.cdk.schedules import SCHEDULES
from config.aws.cdk.stages import StageConfig
from config.aws.cdk.zappa import ZappaStage

STREAM_BATCH_SIZE = 100


def stream_filters(entities: list[str]) -> list[dict]:
    """New or changed items of the handled entities, and their deletions (the TTL safety net)."""
    return [{"dynamodb": {"NewImage": {"entity": {"S": entities}}}},
            {"eventName": ["REMOVE"], "dynamodb": {"OldImage": {"entity": {"S": entities}}}}]


def function_alarm_specs(function_name: str) -> list[AlarmSpec]:
    dims = {"FunctionName": function_name}
    return [
        AlarmSpec("FunctionErrors", "AWS/Lambda", "Errors", dims, "Sum", 1,
                  "The function failed (unhandled exception or timeout) on a request, a stream batch or a schedule"),
        AlarmSpec("FunctionThrottles", "AWS/Lambda", "Throttles", dims, "Sum", 1,
                  "Invocations throttled: concurrency limit reached"),
        AlarmSpec("StreamIteratorAge", "AWS/Lambda", "IteratorAge", dims, "Maximum", 60_000,
                  "The table stream is processed more than a minute late (realtime and TTL releases delayed)"),
    ]


class AppStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage: StageConfig, region: ZappaStage,
                 stream_arn: str, alarm_specs: Iterable[Spec], **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        active = stage.is_active(region)
        function_arn = self.format_arn(service="lambda", resource="function", resource_name=region.function_name,
                                       arn_format=ArnFormat.COLON_RESOURCE_NAME)
        lambda_.CfnEventSourceMapping(
            self, "TableStream", function_name=region.function_name, event_source_arn=stream_arn,
            starting_position="TRIM_HORIZON", batch_size=STREAM_BATCH_SIZE, maximum_batching_window_in_seconds=0,
            function_response_types=["ReportBatchItemFailures"], enabled=active,
            filter_criteria=lambda_.CfnEventSourceMapping.FilterCriteriaProperty(filters=[
                lambda_.CfnEventSourceMapping.FilterProperty(pattern=json.dumps(p))
                for p in stream_filters(sources.stream_entities())]))
        dead_letters = self._schedules(region, function_arn, active)
        topic = sns.Topic(self, "Alarms", topic_name=f"quorum-{stage.name}-alarms", enforce_ssl=True)
        if stage.alarm_email:
            topic.add_subscription(subscriptions.EmailSubscription(stage.alarm_email))
        rendered = alarms.render(self, f"quorum-{stage.name}", topic, [
            *function_alarm_specs(region.function_name), *observability.alarm_specs(region.function_name),
            AlarmSpec("DeadLetters-schedules", "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                      {"QueueName": dead_letters.queue_name}, "Maximum", 1,
                      "A scheduled run (the reservations sweep) could not be delivered to the function"),
            *alarm_specs])
        suffix = "" if region.region == stage.home.region else f"-{region.region}"
        observability.sampling_rule(self, rule_name=f"quorum-{stage.name}{suffix}", function_name=region.function_name,
                                    rate=stage.tracing_rate, reservoir=stage.tracing_reservoir)
        observability.dashboard(self, name=f"quorum-{stage.name}{suffix}", function_name=region.function_name,
                                currencies=("usd", "eur", "gbp"), alarms=rendered)

    def _schedules(self, region: ZappaStage, function_arn: str, active: bool) -> sqs.Queue:
        """The schedules, and the queue where a run the scheduler could not deliver is kept (alarmed)."""
        dead_letters = sqs.Queue(self, "ScheduleDeadLetters", queue_name=f"{region.function_name}-schedules-dlq",
                                 enforce_ssl=True, encryption=sqs.QueueEncryption.SQS_MANAGED,
                                 retention_period=Duration.days(14))
        nag.suppress(dead_letters, "SQS3", "This queue is itself a dead-letter queue (EventBridge Scheduler's, for "
                     "runs it could not deliver); cdk-nag only recognises queues that SQS redrives into")
        invoker = iam.Role(
            self, "SchedulerRole",
            assumed_by=iam.ServicePrincipal("scheduler.amazonaws.com",
                                            conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}}),
            description=f"EventBridge Scheduler invokes {region.function_name}",
            inline_policies={"invoke": iam.PolicyDocument(statements=[iam.PolicyStatement(
                actions=["lambda:InvokeFunction"], resources=[function_arn])])})
        for schedule in SCHEDULES:
            scheduler.CfnSchedule(
                self, f"Schedule-{schedule.name}", name=f"{region.function_name}-{schedule.name}",
                schedule_expression=schedule.expression, state="ENABLED" if active else "DISABLED",
                flexible_time_window=scheduler.CfnSchedule.FlexibleTimeWindowProperty(mode="OFF"),
                target=scheduler.CfnSchedule.TargetProperty(
                    arn=function_arn, role_arn=invoker.role_arn, input=json.dumps(schedule.event()),
                    dead_letter_config=scheduler.CfnSchedule.DeadLetterConfigProperty(arn=dead_letters.queue_arn),
                    # a missed run is simply the next minute's: no retries piling up behind a slow sweep
                    retry_policy=scheduler.CfnSchedule.RetryPolicyProperty(maximum_retry_attempts=0,
                                                                           maximum_event_age_in_seconds=60)))
        dead_letters.grant_send_messages(invoker)
        return dead_letters
