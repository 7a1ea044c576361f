"""The only module that creates the events (EventBridge), sqs and cloudwatch clients. Endpoints come from
settings (the devstack's moto server locally, AWS's own when empty); retries are Quorum's retry policy's, not
botocore's (one attempt per call); every call is counted, for bench/fanout.py's calls per event."""
from __future__ import annotations

import functools
import os
from collections import Counter
from typing import Any, Optional

from django.conf import settings

LOCAL_KEY = "quorumlocal"  # dummy credentials when an endpoint override is set and the environment has none
CALLS: Counter[str] = Counter()  # "eventbridge.PutEvents" -> calls made by this process


def _count(event_name: str, **kwargs: Any) -> None:
    # botocore event names: before-call.<service>.<Operation>
    _, service, operation = event_name.split(".", 2)
    CALLS[f"{service}.{operation}"] += 1


@functools.lru_cache(maxsize=16)
def _client(service: str, endpoint: Optional[str], region: str, timeout: float) -> Any:
    import boto3
    from botocore.config import Config

    local = bool(endpoint)
    client = boto3.client(
        service, region_name=region, endpoint_url=endpoint or None,
        aws_access_key_id=(os.environ.get("AWS_ACCESS_KEY_ID") or LOCAL_KEY) if local else None,
        aws_secret_access_key=(os.environ.get("AWS_SECRET_ACCESS_KEY") or LOCAL_KEY) if local else None,
        config=Config(connect_timeout=timeout, read_timeout=timeout, retries={"total_max_attempts": 1}))
    client.meta.events.register("before-call", _count)
    return client


def events(timeout: Optional[float] = None) -> Any:
    return _client("events", settings.EVENTS_ENDPOINT_URL, settings.AWS_REGION,
                   timeout or settings.FANOUT_TIMEOUT_SECONDS)


def sqs(timeout: Optional[float] = None) -> Any:
    return _client("sqs", settings.SQS_ENDPOINT_URL, settings.AWS_REGION, timeout or settings.FANOUT_TIMEOUT_SECONDS)


def cloudwatch(timeout: Optional[float] = None) -> Any:
    return _client("cloudwatch", settings.CLOUDWATCH_ENDPOINT_URL, settings.AWS_REGION,
                   timeout or settings.FANOUT_TIMEOUT_SECONDS)


def calls() -> dict[str, int]:
    return dict(CALLS)
