"""The bus, and per vendor its DLQ, queue (redrive policy), queue policy, rule and target, created from the
vendor definitions through boto3: the local stacks (moto) get exactly what the CDK integrations stack
(config/aws/cdk/integrations.py, from the same definitions) builds on AWS. Idempotent."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from commerce.domain.integrations import Vendor
from commerce.fanout import bus, clients

VISIBILITY_SECONDS = 60
RETENTION_SECONDS = 4 * 24 * 3600
DLQ_RETENTION_SECONDS = 14 * 24 * 3600


@dataclass(frozen=True)
class VendorQueues:
    vendor: str
    url: str
    dead_letter_url: str
    rules: tuple[str, ...]  # its rule, and its erasures rule when it has one


def _queue(name: str, fifo: bool, **attributes: str) -> str:
    attrs = {"SqsManagedSseEnabled": "true", **attributes}
    if fifo:
        # EventBridge's FIFO targets need content-based deduplication (moto's and AWS's alike); the body is
        # the vendor's envelope, identical for a re-sent event
        attrs.update({"FifoQueue": "true", "ContentBasedDeduplication": "true"})
    sqs = clients.sqs()
    url = sqs.create_queue(QueueName=name, Attributes=attrs)["QueueUrl"]
    return url


def arn_of(url: str) -> str:
    return clients.sqs().get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def target(vendor: Vendor, queue_arn: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "Id": vendor.name, "Arn": queue_arn,
        # moto has no InputPath: the same selection as an input transformer of one placeholder
        "InputTransformer": {"InputPathsMap": {"view": vendor.view_path()}, "InputTemplate": "<view>"}}
    if vendor.fifo:
        found["SqsParameters"] = {"MessageGroupId": vendor.name}  # fixed per target, as on AWS
    return found


def vendor_provision(vendor: Vendor, *, stage: str, visibility_seconds: int = VISIBILITY_SECONDS) -> VendorQueues:
    events, sqs = clients.events(), clients.sqs()
    dead = _queue(vendor.queue_name(stage, dead_letter=True), vendor.fifo,
                  MessageRetentionPeriod=str(DLQ_RETENTION_SECONDS))
    redrive = json.dumps({"deadLetterTargetArn": arn_of(dead), "maxReceiveCount": vendor.max_receive_count})
    url = _queue(vendor.queue_name(stage), vendor.fifo, RedrivePolicy=redrive,
                 VisibilityTimeout=str(visibility_seconds), MessageRetentionPeriod=str(RETENTION_SECONDS))
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": redrive,
                                                        "VisibilityTimeout": str(visibility_seconds)})
    bus_name, queue_arn = f"quorum-{stage}", arn_of(url)
    patterns = [vendor.event_pattern(), vendor.erasure_pattern()]
    rules = vendor.rule_names(stage)
    rule_arns = [events.put_rule(Name=rule, EventBusName=bus_name, State="ENABLED", EventPattern=json.dumps(pattern),
                                 Description=f"{vendor.name}: {vendor.purpose}")["RuleArn"]
                 for rule, pattern in zip(rules, patterns)]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage",
            "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}}}
            for rule_arn in rule_arns]})})
    for rule in rules:
        events.put_targets(Rule=rule, EventBusName=bus_name, Targets=[target(vendor, queue_arn)])
    return VendorQueues(vendor=vendor.name, url=url, dead_letter_url=dead, rules=rules)


def integrations_provision(*, stage: str = "", visibility_seconds: int = VISIBILITY_SECONDS) -> list[VendorQueues]:
    """The stage's bus and every vendor's queues and rule (the configured stage when none is given)."""
    stage = stage or bus.stage()
    events = clients.events()
    try:
        events.describe_event_bus(Name=f"quorum-{stage}")
    except events.exceptions.ResourceNotFoundException:
        events.create_event_bus(Name=f"quorum-{stage}")
    return [vendor_provision(v, stage=stage, visibility_seconds=visibility_seconds) for v in bus.configured_vendors()]
