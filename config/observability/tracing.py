"""X-Ray tracing: Powertools' Tracer over the AWS X-Ray SDK's recorder, built on first use when tracing is on.

- On Lambda (active tracing), Lambda owns the invocation's segment: each entry (request, stream batch,
  scheduled run) is a `## <operation>` subsegment of it, sampled as Lambda decided.
- Elsewhere (daphne, the devstack stream poller) each entry is a segment of its own, sampled by the local
  rules (XRAY_SAMPLING_RULES) unless an incoming X-Amzn-Trace-Id header decided; the SDK sends it over UDP
  to AWS_XRAY_DAEMON_ADDRESS (the devstack receiver locally).
- botocore is patched (every DynamoDB call is an `aws` subsegment); Stripe and AppSync calls open their own
  `remote` spans at the one module that makes them.

`span(name, **annotations)` is the hook services use: a subsegment when a traced entry is open, a no-op
otherwise (tests, commands, tracing off). Annotation keys are X-Ray's: letters, digits and underscores."""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Optional

from django.conf import settings

PATCHED = ("botocore",)  # PynamoDB and boto3 both call through botocore's client
LOCAL_STREAMING_THRESHOLD = 30  # off Lambda a request is sent as one document unless it grows past this

_lock = threading.Lock()
_tracer: Any = None  # aws_lambda_powertools.Tracer, once tracing was first on
_applied: Optional[tuple[str, str, str]] = None  # the settings the recorder was configured with
_sdk_on: Optional[bool] = None


class Span:
    """A trace entity (segment or subsegment) or nothing: every method is safe to call either way."""

    def __init__(self, entity: Any = None) -> None:
        self.entity = entity

    @property
    def traced(self) -> bool:
        return self.entity is not None and bool(getattr(self.entity, "sampled", False))

    def annotate(self, **annotations: Any) -> None:
        if self.entity is None:
            return
        for key, value in annotations.items():
            if value is not None and isinstance(value, (str, int, float, bool)):
                self.entity.put_annotation(key, value)

    def metadata(self, key: str, value: Any) -> None:
        if self.entity is not None:
            self.entity.put_metadata(key, value, "quorum")

    def http(self, **meta: Any) -> None:
        """X-Ray's http block: url, method, user_agent, client_ip, status (flags 4xx/5xx), content_length."""
        if self.entity is not None:
            for key, value in meta.items():
                self.entity.put_http_meta(key, value)

    def fail(self, exc: BaseException) -> None:
        """A refusal with a 4xx status (a domain error) flags an error and names its code; anything else is
        a fault with the exception and its stack, as X-Ray's console shows them."""
        if self.entity is None:
            return
        status = getattr(exc, "status", None)
        if isinstance(status, int) and status < 500:
            self.entity.add_error_flag()
            self.annotate(error_code=getattr(exc, "code", type(exc).__name__))
            return
        from aws_xray_sdk.core.utils import stacktrace

        self.entity.add_exception(exc, stacktrace.get_stacktrace(limit=10))


NOTHING = Span()


def enabled() -> bool:
    return bool(getattr(settings, "QUORUM_TRACING", False))


def lambda_unsampled() -> bool:
    """On Lambda, whether Lambda decided not to trace this invocation (its trace header says so)."""
    return bool(os.environ.get("LAMBDA_TASK_ROOT")) and "Sampled=1" not in os.environ.get("_X_AMZN_TRACE_ID", "")


def recorder() -> Any:
    """The X-Ray recorder configured for the current settings, or None when tracing is off. On Lambda an
    invocation Lambda did not sample builds nothing: most cold starts never import the X-Ray SDK."""
    if not enabled():
        _set_sdk(False)
        return None
    global _tracer
    if _tracer is None and lambda_unsampled():
        return None
    if _tracer is None:
        with _lock:
            if _tracer is None:
                from aws_lambda_powertools.tracing import Tracer

                _tracer = Tracer(service=settings.QUORUM_SERVICE_NAME, disabled=False, auto_patch=True,
                                 patch_modules=PATCHED)
    provider = _tracer.provider
    wanted = (settings.AWS_XRAY_DAEMON_ADDRESS, str(settings.XRAY_SAMPLING_RULES), settings.QUORUM_SERVICE_NAME)
    if wanted != _applied:
        _configure(provider, *wanted)
    _set_sdk(True)
    return provider


def _configure(provider: Any, address: str, rules: str, service: str) -> None:
    global _applied
    from aws_xray_sdk.core.sampling.local.sampler import LocalSampler

    from config.observability import sampling

    options: dict[str, Any] = {"service": service, "context_missing": "IGNORE_ERROR", "plugins": ()}
    if not in_lambda(provider):
        # Lambda decides sampling itself; elsewhere the local rules do (never the centralized poller).
        options.update(sampler=LocalSampler(sampling.rules(rules)), sampling=True,
                       streaming_threshold=LOCAL_STREAMING_THRESHOLD)
    provider.configure(**options)
    if address:
        provider.emitter.set_daemon_address(address)
    _applied = (address, rules, service)


def _set_sdk(on: bool) -> None:
    """The SDK's global switch: off, the patched botocore passes straight through."""
    global _sdk_on
    if _tracer is None or _sdk_on == on:
        return
    from aws_xray_sdk import global_sdk_config

    global_sdk_config.set_sdk_enabled(on)
    _sdk_on = on


def in_lambda(provider: Any) -> bool:
    return type(provider.context).__name__ == "LambdaContext"


@contextmanager
def entry(operation: str, *, trace_header: Optional[str] = None,
          sampling_request: Optional[dict[str, Any]] = None) -> Iterator[Span]:
    """One request, stream batch or scheduled run: a segment (a `## operation` subsegment on Lambda)."""
    provider = recorder()
    if provider is None:
        yield NOTHING
        return
    lambda_ = in_lambda(provider)
    if lambda_:
        entity = provider.begin_subsegment(f"## {operation}")
    else:
        from aws_xray_sdk.core.models.trace_header import TraceHeader
        from aws_xray_sdk.ext.util import calculate_sampling_decision

        header = TraceHeader.from_header_str(trace_header)
        decision = calculate_sampling_decision(trace_header=header, recorder=provider,
                                               sampling_req=sampling_request or {})
        entity = provider.begin_segment(settings.QUORUM_SERVICE_NAME, traceid=header.root, parent_id=header.parent,
                                        sampling=decision)
        entity.save_origin_trace_header(header)
    span = Span(entity)
    span.annotate(operation=operation, Service=settings.QUORUM_SERVICE_NAME)
    try:
        yield span
    except BaseException as exc:
        span.fail(exc)
        raise
    finally:
        if lambda_:
            provider.end_subsegment()
        else:
            provider.end_segment()


@contextmanager
def span(name: str, *, namespace: str = "local", **annotations: Any) -> Iterator[Span]:
    """A named subsegment of whatever is open (a no-op when nothing is traced). `namespace="remote"` marks
    a call to another service (Stripe, AppSync)."""
    provider = recorder()
    if provider is None or provider.get_trace_entity() is None:
        yield NOTHING
        return
    current = Span(provider.begin_subsegment(name, namespace))
    current.annotate(**annotations)
    try:
        yield current
    except BaseException as exc:
        current.fail(exc)
        raise
    finally:
        provider.end_subsegment()


def annotate(**annotations: Any) -> None:
    """Annotate the innermost open entity (never Lambda's own segment, which cannot be changed)."""
    provider = recorder()
    if provider is None:
        return
    entity = provider.get_trace_entity()
    if entity is not None and type(entity).__name__ != "FacadeSegment":
        Span(entity).annotate(**annotations)


def current_trace_id() -> Optional[str]:
    """The open trace's id (for log lines), without building the recorder when it does not exist yet."""
    if _tracer is None or not enabled() or os.environ.get("_X_AMZN_TRACE_ID"):
        return None
    entity = _tracer.provider.get_trace_entity()
    return getattr(entity, "trace_id", None) if entity is not None and getattr(entity, "sampled", False) else None
