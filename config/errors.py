"""Quorum's domain errors as HTTP answers, in ONE place, for every transport: the JSON API and the webhook
receipt (`error_response`), pages and the admin (`status_of` with a form, or `ErrorPages` for an error a
view did not handle), and lookups that must be a 404 page (`get_or_404`)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from commerce.errors import InvalidInput, NotFound, QuorumError

T = TypeVar("T")


def status_of(exc: QuorumError) -> int:
    return exc.status


def error_body(exc: QuorumError) -> dict[str, Any]:
    return exc.body()


def error_response(exc: QuorumError) -> JsonResponse:
    return JsonResponse(error_body(exc), status=status_of(exc))


def get_or_404(read: Callable[..., T], **kwargs: Any) -> T:
    """`read(**kwargs)`, with a missing thing (or an id that cannot exist) as Django's 404 page."""
    try:
        return read(**kwargs)
    except (NotFound, InvalidInput) as exc:
        raise Http404(exc.detail) from None


TITLES = {400: "This request cannot be read", 403: "You may not do this", 404: "We couldn't find that page",
          409: "This changed in the meantime", 410: "This is no longer available", 413: "That is too large",
          422: "Please check what you entered", 429: "Slow down a little",
          502: "A service we rely on refused the request", 503: "A service we rely on is unavailable"}


class ErrorPages:
    """Middleware: a domain error no page view handled becomes a page with its status and its detail
    (the API and the webhook map their own: they answer JSON)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, QuorumError) or request.path.startswith(("/api/", "/stripe/")):
            return None
        status = status_of(exc)
        return render(request, "error.html", {"title": TITLES.get(status, "Something went wrong"),
                                              "detail": exc.detail, "status": status}, status=status)
