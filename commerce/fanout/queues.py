"""The vendor queues as staff and consumers see them: figures per vendor, receive and delete (the
reference consumer), and redrive of a vendor's dead-letter queue back to its queue."""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Optional

from commerce.domain.integrations import Vendor
from commerce.errors import InvalidInput
from commerce.fanout import bus, clients

REDRIVE_LIMIT = 1000  # messages moved by one redrive


@dataclass(frozen=True)
class QueueFigures:
    vendor: str
    fifo: bool
    url: str
    dead_letter_url: str
    visible: int
    in_flight: int
    dead: int
    oldest_age_seconds: Optional[int]  # CloudWatch's ApproximateAgeOfOldestMessage (None: no datapoint)
    dead_oldest_age_seconds: Optional[int]  # the oldest dead letter, from its SentTimestamp


def vendor_named(name: str) -> Vendor:
    for vendor in bus.configured_vendors():
        if vendor.name == name:
            return vendor
    raise InvalidInput(f"no vendor {name!r} (known: {', '.join(v.name for v in bus.configured_vendors())})")


@functools.lru_cache(maxsize=64)
def _url(name: str, endpoint: str) -> str:
    return clients.sqs().get_queue_url(QueueName=name)["QueueUrl"]


def url(vendor: Vendor, *, dead_letter: bool = False) -> str:
    from django.conf import settings

    return _url(vendor.queue_name(bus.stage(), dead_letter=dead_letter), settings.SQS_ENDPOINT_URL)


def _counts(queue_url: str) -> dict[str, int]:
    attrs = clients.sqs().get_queue_attributes(QueueUrl=queue_url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return {"visible": int(attrs.get("ApproximateNumberOfMessages", 0)),
            "in_flight": int(attrs.get("ApproximateNumberOfMessagesNotVisible", 0))}


def _oldest_age(queue_name: str) -> Optional[int]:
    """The queue's ApproximateAgeOfOldestMessage over the last 5 minutes (peeking would count as a receive)."""
    now = datetime.now(UTC)
    try:
        answer = clients.cloudwatch().get_metric_statistics(
            Namespace="AWS/SQS", MetricName="ApproximateAgeOfOldestMessage",
            Dimensions=[{"Name": "QueueName", "Value": queue_name}], StartTime=now - timedelta(minutes=5),
            EndTime=now, Period=60, Statistics=["Maximum"])
    except Exception:
        return None
    points = sorted(answer.get("Datapoints", []), key=lambda p: p["Timestamp"])
    return int(points[-1]["Maximum"]) if points else None


def _dead_oldest_age(dead_url: str) -> Optional[int]:
    """Peeks at the dead letters (visibility 0: they stay visible; a DLQ has no redrive to count towards)."""
    answer = clients.sqs().receive_message(QueueUrl=dead_url, MaxNumberOfMessages=10, VisibilityTimeout=0,
                                           AttributeNames=["SentTimestamp"])
    sent = [int(m["Attributes"]["SentTimestamp"]) for m in answer.get("Messages", [])]
    return max(0, int(time.time() - min(sent) / 1000)) if sent else None


def vendor_figures(vendor: Vendor) -> QueueFigures:
    main, dead = url(vendor), url(vendor, dead_letter=True)
    counts, dead_counts = _counts(main), _counts(dead)
    dead_total = dead_counts["visible"] + dead_counts["in_flight"]
    return QueueFigures(vendor=vendor.name, fifo=vendor.fifo, url=main, dead_letter_url=dead,
                        visible=counts["visible"], in_flight=counts["in_flight"], dead=dead_total,
                        oldest_age_seconds=_oldest_age(vendor.queue_name(bus.stage())),
                        dead_oldest_age_seconds=_dead_oldest_age(dead) if dead_total else None)


def receive(vendor: Vendor, *, wait_seconds: int = 0, limit: int = 10, visibility: Optional[int] = None,
            dead_letter: bool = False) -> list[dict[str, Any]]:
    params: dict[str, Any] = {"QueueUrl": url(vendor, dead_letter=dead_letter), "MaxNumberOfMessages": limit,
                              "WaitTimeSeconds": wait_seconds, "AttributeNames": ["All"]}
    if visibility is not None:
        params["VisibilityTimeout"] = visibility
    return clients.sqs().receive_message(**params).get("Messages", [])


def delete(vendor: Vendor, receipt_handle: str, *, dead_letter: bool = False) -> None:
    clients.sqs().delete_message(QueueUrl=url(vendor, dead_letter=dead_letter), ReceiptHandle=receipt_handle)


def redrive(vendor: Vendor, *, limit: int = REDRIVE_LIMIT) -> int:
    """Move dead letters back to the vendor's queue: sent first, deleted from the DLQ only once sent, so a
    failure half-way leaves a message in one queue or (at worst) both, never in neither. A FIFO message gets
    a fresh deduplication id (the original's content would be dropped as a duplicate within 5 minutes)."""
    sqs, source, dead = clients.sqs(), url(vendor), url(vendor, dead_letter=True)
    moved = 0
    while moved < limit:
        messages = sqs.receive_message(QueueUrl=dead, MaxNumberOfMessages=min(10, limit - moved),
                                       VisibilityTimeout=30, WaitTimeSeconds=0).get("Messages", [])
        if not messages:
            return moved
        entries = []
        for n, message in enumerate(messages):
            sent: dict[str, Any] = {"Id": str(n), "MessageBody": message["Body"]}
            if vendor.fifo:
                sent.update(MessageGroupId=vendor.name, MessageDeduplicationId=f"redrive-{message['MessageId']}")
            entries.append(sent)
        answer = sqs.send_message_batch(QueueUrl=source, Entries=entries)
        ok = {int(s["Id"]) for s in answer.get("Successful", [])}
        done = [{"Id": str(n), "ReceiptHandle": messages[n]["ReceiptHandle"]} for n in sorted(ok)]
        if done:
            sqs.delete_message_batch(QueueUrl=dead, Entries=done)
        moved += len(done)
        if len(done) < len(messages):
            return moved  # the rest stay in the DLQ (visible again after 30 s)
    return moved
