"""The one wrapper for every unit of work Lambda (or the devstack) hands Quorum: an HTTP request (through
the middleware), a stream batch, a scheduled run. Inside it: the correlation id is set for logs and events,
a trace segment is open (or Lambda's is extended), metrics are collected and written at the end, and the
cold start is flagged until the first one ends."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Optional

from config.observability import context, metrics, tracing
from config.observability.tracing import NOTHING, Span

_current: ContextVar[Span] = ContextVar("quorum_entry_span", default=NOTHING)


def lambda_request_id(lambda_context: Any) -> Optional[str]:
    return context.usable(getattr(lambda_context, "aws_request_id", None))


@contextmanager
def invocation(kind: str, operation: str, *, correlation_id: Optional[str] = None, lambda_context: Any = None,
               trace_header: Optional[str] = None,
               sampling_request: Optional[dict[str, Any]] = None) -> Iterator[Span]:
    """`kind`: http, stream or schedule. The correlation id is `correlation_id`, else the Lambda request
    id, else a new one. Sampling off Lambda matches `sampling_request` (by default method KIND, path
    operation) against the local rules."""
    chosen = correlation_id or lambda_request_id(lambda_context)
    request = sampling_request or {"method": kind.upper(), "path": operation}
    with context.correlated(chosen) as cid, metrics.collected(), \
            tracing.entry(operation, trace_header=trace_header, sampling_request=request) as span:
        span.annotate(entry=kind, correlation_id=cid, ColdStart=context.cold_start())
        token = _current.set(span)
        try:
            yield span
        finally:
            _current.reset(token)
            context.invocation_done()


def correlate(value: str) -> None:
    """The unit of work turns out to belong to `value` (a webhook's verified Stripe event id): its later log
    lines, its events and its trace's `correlation_id` annotation name it."""
    context.correlate(value)
    _current.get().annotate(correlation_id=value)
