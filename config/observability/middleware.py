"""HTTP requests as traced, correlated units of work (right after WhiteNoise: static files stay untraced).

The correlation id is the caller's X-Correlation-ID (or X-Request-ID) when it is a plain short id, else the
Lambda request id (Zappa passes the context in the WSGI environ), else a new one; it is answered in
X-Correlation-ID. The trace records method, the URL without its query (invitation tokens in paths are
masked), status, the route pattern and an outcome, plus the exception a view raised."""
from __future__ import annotations

from collections.abc import Callable
from typing import Optional

from django.http import HttpRequest, HttpResponse

from config.observability import context, entry, redaction

HEADER = "X-Correlation-ID"


def _outcome(status: int) -> str:
    return "ok" if status < 400 else "refused" if status < 500 else "error"


def _url(request: HttpRequest) -> str:
    scheme = "https" if request.is_secure() else "http"
    return redaction.scrub(f"{scheme}://{request.META.get('HTTP_HOST', '')}{request.path}")


def correlation_of(request: HttpRequest) -> Optional[str]:
    return (context.usable(request.headers.get(HEADER)) or context.usable(request.headers.get("X-Request-ID"))
            or entry.lambda_request_id(request.META.get("lambda.context")))


class ObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sampling = {"host": request.META.get("HTTP_HOST", ""), "method": request.method, "path": request.path}
        with entry.invocation("http", "http", correlation_id=correlation_of(request),
                              trace_header=request.headers.get("X-Amzn-Trace-Id"),
                              sampling_request=sampling) as span:
            request.observed_span = span
            span.http(url=_url(request), method=request.method, user_agent=request.headers.get("User-Agent"),
                      client_ip=request.META.get("REMOTE_ADDR"))
            response = self.get_response(request)
            match = getattr(request, "resolver_match", None)
            span.annotate(route=getattr(match, "route", None) or "unmatched", outcome=_outcome(response.status_code))
            span.http(status=response.status_code)
            response[HEADER] = context.correlation_id() or ""
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> None:
        span = getattr(request, "observed_span", None)
        if span is not None:
            span.fail(exc)
