"""The integrations stack (issue 15), fed by the stage's vendor definitions (vendors.py, Quorum's own): the
event bus `quorum-<stage>`, and per vendor a rule whose target hands the queue the vendor's own view of the
event (InputPath), a queue (FIFO when the vendor needs order) with its dead-letter queue, a queue policy
that lets only that rule send, and a consumer role that can only receive and delete on that queue and call
the vendor GraphQL queries. Created only for a stage with at least one vendor."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import Aws, Duration, Stack
from aws_cdk import aws_appsync as appsync
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from config.aws.cdk.alarms import AlarmSpec
from config.aws.cdk.vendors import Vendor

CONSUMER_ACTIONS = ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                    "sqs:GetQueueAttributes", "sqs:GetQueueUrl")
VENDOR_QUERIES = ("deal", "dealEvents", "order")  # realtime/appsync/schema.graphql, IAM only
_PATTERN_KEYS = {"source": "source", "detail-type": "detail_type", "detail": "detail", "account": "account",
                 "region": "region", "resources": "resources"}


def event_pattern(pattern: Mapping[str, Any]) -> events.EventPattern:
    unknown = set(pattern) - set(_PATTERN_KEYS)
    if unknown:
        raise ValueError(f"event pattern keys {sorted(unknown)} are not mapped")
    return events.EventPattern(**{_PATTERN_KEYS[key]: value for key, value in pattern.items()})


class IntegrationsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage_name: str, vendors: tuple[Vendor, ...],
                 api: appsync.IGraphqlApi, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        if not vendors:
            raise ValueError("an integrations stack needs at least one vendor")
        self.stage_name = stage_name
        self.vendors = vendors
        self.api = api
        self.bus = events.EventBus(self, "Bus", event_bus_name=f"quorum-{stage_name}")
        self.queues: dict[str, tuple[sqs.Queue, sqs.Queue]] = {}
        for vendor in vendors:
            self.queues[vendor.name] = self._vendor(vendor)

    def _queue(self, construct_id: str, vendor: Vendor, **kwargs: Any) -> sqs.Queue:
        # EventBridge's FIFO targets need content-based deduplication
        return sqs.Queue(self, construct_id, fifo=vendor.fifo or None, enforce_ssl=True,
                         content_based_deduplication=vendor.fifo or None,
                         encryption=sqs.QueueEncryption.SQS_MANAGED, **kwargs)

    def _vendor(self, vendor: Vendor) -> tuple[sqs.Queue, sqs.Queue]:
        title = vendor.name.title().replace("-", "")
        dead_letters = self._queue(f"{title}DeadLetters", vendor, retention_period=Duration.days(14),
                                   queue_name=vendor.queue_name(self.stage_name, dead_letter=True))
        queue = self._queue(f"{title}Queue", vendor, queue_name=vendor.queue_name(self.stage_name),
                            retention_period=Duration.days(4), visibility_timeout=Duration.seconds(60),
                            dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters,
                                                                  max_receive_count=vendor.max_receive_count))
        rules = [(f"{title}Rule", f"quorum-{self.stage_name}-{vendor.name}", vendor.event_pattern)]
        if vendor.erasure_pattern:
            rules.append((f"{title}ErasuresRule", f"quorum-{self.stage_name}-{vendor.name}-erasures",
                          vendor.erasure_pattern))
        for rule_id, rule_name, pattern in rules:
            events.Rule(self, rule_id, event_bus=self.bus, rule_name=rule_name, event_pattern=event_pattern(pattern),
                        targets=[targets.SqsQueue(
                            queue, message_group_id=vendor.name if vendor.fifo else None,
                            message=events.RuleTargetInput.from_event_path(vendor.input_path) if vendor.input_path
                            else None)])
        consumer = iam.Role(self, f"{title}Consumer", role_name=f"quorum-{self.stage_name}-{vendor.name}-consumer",
                            assumed_by=iam.AccountPrincipal(vendor.consumer_account or Aws.ACCOUNT_ID),
                            description=f"{vendor.name} polls its own queue, nothing else")
        consumer.add_to_principal_policy(iam.PolicyStatement(actions=list(CONSUMER_ACTIONS),
                                                             resources=[queue.queue_arn]))
        consumer.add_to_principal_policy(iam.PolicyStatement(actions=["appsync:GraphQL"], resources=[
            f"{self.api.arn}/types/Query/fields/{field}" for field in VENDOR_QUERIES]))
        return queue, dead_letters

    def queue_arns(self, *, dead_letter: bool) -> list[str]:
        return [pair[1 if dead_letter else 0].queue_arn for pair in self.queues.values()]

    def alarm_specs(self) -> list[AlarmSpec]:
        return [AlarmSpec(f"DeadLetters-{vendor.name}", "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                          {"QueueName": vendor.queue_name(self.stage_name, dead_letter=True)}, "Maximum", 1,
                          f"Messages for {vendor.name} failed delivery and wait in its dead-letter queue "
                          "(redrive them)")
                for vendor in self.vendors]
