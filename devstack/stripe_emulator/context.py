"""What the current API request is: its id, idempotency key and the account it acts for (Stripe-Account).
Events emitted while handling it carry `request` (and `account`) as Stripe's do."""
from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class RequestContext:
    request_id: Optional[str] = None
    idempotency_key: Optional[str] = None
    account: Optional[str] = None  # None: the platform itself


current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "stripe_request", default=RequestContext())  # noqa: B039 (a frozen default, never mutated)


def account() -> Optional[str]:
    return current.get().account
