"""Business and health metrics in CloudWatch's embedded metric format, through Powertools' EMF provider:
JSON lines on stdout that CloudWatch Logs turns into metrics (namespace QUORUM_METRICS_NAMESPACE, dimension
`service` = the function's name, plus the metric's own dimensions). Collected during a request, stream
batch or scheduled run and written once at its end (`flush`); outside one, written at once.

The catalogue below is what alarms and the dashboard (config/aws/cdk) refer to by name. Request counts,
5xx and latency are not here: Lambda publishes them for the function URL (UrlRequestCount, Url5xxCount,
UrlRequestLatency), timeouts and crashes included."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings

ORDERS_PAID = "OrdersPaid"  # Count: an order moved to paid (once per order)
REVENUE = "Revenue"  # None (major currency units), dimension currency: the paid order's total
CHECKOUT_INSUFFICIENT_STOCK = "CheckoutInsufficientStock"  # Count: a checkout refused for short stock
CART_VERSION_CONFLICTS = "CartVersionConflicts"  # Count: a cart line, quote line or approval refused (stale version)
WEBHOOK_FAILURES = "WebhookFailures"  # Count: a Stripe event's handler failed (answered 500, Stripe retries)
WEBHOOK_DUPLICATES = "WebhookDuplicates"  # Count: a delivery of an event already stored
REALTIME_PUBLISH_LATENCY = "RealtimePublishLatency"  # Milliseconds: one publishChannelEvent to AppSync
DEAL_STAGE_CHANGES = "DealStageChanges"  # Count, dimension stage (the stage entered)

_collecting: ContextVar[bool] = ContextVar("quorum_metrics_collecting", default=False)
_lock = threading.Lock()
_providers: dict[tuple[tuple[str, str], ...], Any] = {}  # one EMF document per dimension set

T = TypeVar("T")


def enabled() -> bool:
    return bool(getattr(settings, "QUORUM_METRICS", True))


def count(name: str, value: float = 1, **dimensions: str) -> None:
    add(name, "Count", value, **dimensions)


def milliseconds(name: str, value: float, **dimensions: str) -> None:
    add(name, "Milliseconds", value, **dimensions)


def add(name: str, unit: str, value: float, **dimensions: str) -> None:
    if not enabled():
        return
    key = tuple(sorted(dimensions.items()))
    with _lock:
        provider = _providers.get(key)
        if provider is None:
            from aws_lambda_powertools.metrics.provider.cloudwatch_emf.cloudwatch import AmazonCloudWatchEMFProvider

            provider = _providers[key] = AmazonCloudWatchEMFProvider(
                namespace=settings.QUORUM_METRICS_NAMESPACE, service=settings.QUORUM_SERVICE_NAME,
                default_dimensions=dict(dimensions))
        provider.add_metric(name=name, unit=unit, value=value)
    if not _collecting.get():
        flush()


def flush() -> None:
    """Write what was collected: one EMF line per dimension set."""
    with _lock:
        for provider in _providers.values():
            if provider.metric_set:
                provider.flush_metrics()


@contextmanager
def collected() -> Iterator[None]:
    """Collect the block's metrics and write them once at its end (the entries use it)."""
    token = _collecting.set(True)
    try:
        yield
    finally:
        _collecting.reset(token)
        flush()


def counts(error: type[BaseException], name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorator: count `name` each time the function ends with `error` (and re-raise it)."""
    def decorate(fn: Callable[..., T]) -> Callable[..., T]:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> T:
            try:
                return fn(*args, **kwargs)
            except error:
                count(name)
                raise
        return wrapper
    return decorate
