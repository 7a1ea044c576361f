"""Stripe's error shape: {"error": {"type", "message", "param"?, "code"?, "decline_code"?, ...}}."""
from __future__ import annotations

from typing import Any, Optional


class StripeAPIError(Exception):
    def __init__(self, status: int, message: str, *, type_: str = "invalid_request_error",
                 param: Optional[str] = None, code: Optional[str] = None, decline_code: Optional[str] = None,
                 extra: Optional[dict[str, Any]] = None):
        super().__init__(message)
        self.status = status
        body = {"type": type_, "message": message, "param": param, "code": code, "decline_code": decline_code}
        if code:
            body["doc_url"] = f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}"
        self.body = {"error": {k: v for k, v in {**body, **(extra or {})}.items() if v is not None}}


def missing(param: str) -> StripeAPIError:
    return StripeAPIError(400, f"Missing required param: {param}.", param=param, code="parameter_missing")


def required(params: dict, name: str, *, param: Optional[str] = None):
    """params[name], or Stripe's parameter_missing error naming `param` (defaults to name)."""
    value = params.get(name)
    if value in (None, "", [], {}):
        raise missing(param or name)
    return value


def invalid(param: str, message: str, code: str = "parameter_invalid") -> StripeAPIError:
    return StripeAPIError(400, message, param=param, code=code)


def unknown(param: str) -> StripeAPIError:
    return StripeAPIError(400, f"Received unknown parameter: {param}", param=param, code="parameter_unknown")


def unsupported(param: str) -> StripeAPIError:
    """A parameter Stripe accepts that this emulator does not model: refused rather than silently dropped."""
    return StripeAPIError(400, f"The Stripe emulator does not model `{param}` on this endpoint (Stripe accepts it); "
                               "remove it, or extend devstack/stripe_emulator.", param=param,
                          code="parameter_unsupported_by_emulator")


def no_such(kind: str, object_id: str, param: str = "id") -> StripeAPIError:
    return StripeAPIError(404, f"No such {kind}: '{object_id}'", param=param, code="resource_missing")


def bad_state(message: str, code: Optional[str] = None, param: Optional[str] = None) -> StripeAPIError:
    return StripeAPIError(400, message, code=code, param=param)


def card_error(message: str, *, code: str, decline_code: Optional[str], extra: dict[str, Any]) -> StripeAPIError:
    return StripeAPIError(402, message, type_="card_error", code=code, decline_code=decline_code, extra=extra)
