"""Quorum's one error vocabulary. Services raise these; transports turn them into answers in ONE place
(config/errors.py) for the API, the pages, the admin and the webhook receipt.

Each base error carries its HTTP status; each concrete error a stable `code` for machines and a `detail`
written for people. Every subclass is registered in the catalogue (published in the OpenAPI schema).
Pure Python: no django, boto3 or stripe.
"""
from __future__ import annotations

from typing import Any, ClassVar

_CATALOGUE: dict[str, type[QuorumError]] = {}


class QuorumError(Exception):
    """Base error: `code` is stable for machines, `detail` is written for people."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    description: ClassVar[str] = "A request Quorum cannot serve."

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            return  # an abstract grouping that reuses its parent's code
        existing = _CATALOGUE.get(cls.code)
        if existing is not None and existing.__qualname__ != cls.__qualname__:
            raise TypeError(f"error code {cls.code!r} is used by {existing.__qualname__} and {cls.__qualname__}")
        _CATALOGUE[cls.code] = cls
        if cls.__doc__ and "description" not in cls.__dict__:
            cls.description = " ".join(cls.__doc__.split())

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "detail": self.detail, **self.extra}


def catalogue() -> dict[str, type[QuorumError]]:
    """Every error code Quorum can answer with, and its class (for its status and description)."""
    return dict(sorted(_CATALOGUE.items()))


# --- the bases, each with its HTTP status --------------------------------------------------------------


class InvalidInput(QuorumError):
    """The request is well-formed but a value is not acceptable."""

    code = "invalid"
    status = 422


class BadRequest(QuorumError):
    """The request cannot be read (malformed body, wrong content type)."""

    code = "bad_request"
    status = 400


class Unauthenticated(QuorumError):
    """Sign in first."""

    code = "unauthenticated"
    status = 401


class NotAllowed(QuorumError):
    """The caller is known but may not do this."""

    code = "not_allowed"
    status = 403


class NotFound(QuorumError):
    """No such thing (or the caller may not know it exists)."""

    code = "not_found"
    status = 404


class Conflict(QuorumError):
    """The thing changed, or is in a state where this cannot happen."""

    code = "conflict"
    status = 409


class Busy(Conflict):
    """Others kept changing the same thing while this was being saved: try again."""

    code = "busy"


class Gone(QuorumError):
    """It existed and no longer can be used."""

    code = "gone"
    status = 410


class PayloadTooLarge(QuorumError):
    """The request body is larger than Quorum accepts."""

    code = "payload_too_large"
    status = 413


class RateLimited(QuorumError):
    """Too many requests of this kind from this client: wait and try again."""

    code = "rate_limited"
    status = 429


class DependencyFailed(QuorumError):
    """A service Quorum depends on refused the request (its answer is in `detail`)."""

    code = "dependency_failed"
    status = 502


class DependencyUnavailable(QuorumError):
    """A service Quorum depends on cannot be reached right now: try again shortly."""

    code = "dependency_unavailable"
    status = 503
