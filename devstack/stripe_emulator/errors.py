"""Stripe's error shape: {"error": {"type", "message", "param"?, "code"?, "decline_code"?}}."""
from __future__ import annotations

from typing import Optional


class StripeAPIError(Exception):
    def __init__(self, status: int, message: str, *, type_: str = "invalid_request_error",
                 param: Optional[str] = None, code: Optional[str] = None, decline_code: Optional[str] = None):
        super().__init__(message)
        self.status = status
        self.body = {"error": {k: v for k, v in {
            "type": type_, "message": message, "param": param, "code": code, "decline_code": decline_code,
        }.items() if v is not None}}


def missing(param: str) -> StripeAPIError:
    return StripeAPIError(400, f"Missing required param: {param}.", param=param, code="parameter_missing")


def required(params: dict, name: str, *, param: Optional[str] = None):
    """params[name], or Stripe's parameter_missing error naming `param` (defaults to name)."""
    value = params.get(name)
    if value in (None, "", [], {}):
        raise missing(param or name)
    return value


def invalid(param: str, message: str) -> StripeAPIError:
    return StripeAPIError(400, message, param=param, code="parameter_invalid")


def no_such(kind: str, object_id: str, param: str = "id") -> StripeAPIError:
    return StripeAPIError(404, f"No such {kind}: '{object_id}'", param=param, code="resource_missing")


def bad_state(message: str) -> StripeAPIError:
    return StripeAPIError(400, message)
