"""Publishes channel events to AppSync's publishChannelEvent mutation, signed with SigV4 (IAM auth).

In AWS the Lambda role's credentials sign; locally the simulator accepts any SigV4 signature, so
dummy credentials are used when the environment has none. The mutation refuses the API key.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from commerce.errors import DependencyUnavailable
from config.observability import metrics, tracing

MUTATION = """
mutation Publish($event: ChannelEventInput!) {
  publishChannelEvent(event: $event) { channel seq type occurredAt payload }
}
"""


@dataclass(frozen=True)
class ChannelEvent:
    """One message on a channel: `seq` orders a channel's messages (a deal's event number, an order's
    version), so a subscriber can drop repeats and notice gaps."""

    channel: str
    seq: int
    type: str
    occurred_at: str  # ISO 8601, UTC
    payload: dict[str, Any]

    def as_input(self) -> dict[str, Any]:
        return {"channel": self.channel, "seq": self.seq, "type": self.type, "occurredAt": self.occurred_at,
                "payload": json.dumps(self.payload, separators=(",", ":"))}

    @classmethod
    def from_appsync(cls, event: dict[str, Any]) -> ChannelEvent:
        body = json.loads(event["payload"]) if isinstance(event["payload"], str) else event["payload"]
        return cls(channel=event["channel"], seq=int(event["seq"]), type=event["type"],
                   occurred_at=event["occurredAt"], payload=body)


def _credentials():
    import botocore.session
    from botocore.credentials import Credentials

    credentials = botocore.session.get_session().get_credentials()
    if credentials is None and not settings.PRODUCTION:
        credentials = Credentials("quorumlocal", "quorumlocal")
    if credentials is None:
        raise DependencyUnavailable("no AWS credentials to sign AppSync requests")
    return credentials


def publish(message: ChannelEvent, *, timeout: float = 5.0) -> dict[str, Any]:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    body = json.dumps({"query": MUTATION, "variables": {"event": message.as_input()}}).encode()
    request = AWSRequest(
        method="POST", url=settings.APPSYNC_GRAPHQL_URL, data=body, headers={"content-type": "application/json"}
    )
    SigV4Auth(_credentials(), "appsync", settings.AWS_REGION).add_auth(request)
    http_request = urllib.request.Request(
        settings.APPSYNC_GRAPHQL_URL, data=body, method="POST", headers=dict(request.headers.items())
    )
    began = time.perf_counter()
    with tracing.span("AppSync", namespace="remote", appsync_operation="publishChannelEvent",
                      channel=message.channel, seq=message.seq, event_type=message.type) as span:
        span.http(url=settings.APPSYNC_GRAPHQL_URL, method="POST")
        try:
            with urllib.request.urlopen(http_request, timeout=timeout) as response:
                answer = json.loads(response.read())
                span.http(status=response.status)
        except (urllib.error.URLError, OSError) as exc:
            raise DependencyUnavailable(f"AppSync unreachable: {exc}") from exc
        if answer.get("errors"):
            raise DependencyUnavailable(f"AppSync refused the event: {answer['errors'][0].get('message')}")
    metrics.milliseconds(metrics.REALTIME_PUBLISH_LATENCY, (time.perf_counter() - began) * 1000)
    return answer["data"]["publishChannelEvent"]
