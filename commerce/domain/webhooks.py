"""Stripe webhook deliveries as Quorum records them (dj-stripe's trigger records, in spirit). Pure Python."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

RECEIVED, PROCESSING, PROCESSED, FAILED, IGNORED = "received", "processing", "processed", "failed", "ignored"
STATUSES = (RECEIVED, PROCESSING, PROCESSED, FAILED, IGNORED)


@dataclass(frozen=True)
class StoredEvent:
    """One Stripe event, stored once by id whatever the number of deliveries."""

    event_id: str
    type: str
    payload: str  # the body as Stripe signed it
    status: str
    received_at: int
    attempts: int = 0
    deliveries: int = 1
    error: Optional[str] = None
    outcome: Optional[str] = None
    processed_at: Optional[int] = None
    stripe_created: int = 0
    lease_until: int = 0


@dataclass(frozen=True)
class Subscription:
    """Our copy of a Stripe subscription: status and current period as Stripe last reported them."""

    subscription_id: str
    status: str
    customer_id: Optional[str] = None
    order_id: Optional[str] = None
    current_period_start: Optional[int] = None
    current_period_end: Optional[int] = None
    cancel_at_period_end: bool = False
    stripe_event_created: int = 0


EVENT_ID = re.compile(r"^evt_[A-Za-z0-9_]{1,200}$")
_ORDER_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def envelope_problem(event: Any) -> Optional[str]:
    """Why a verified delivery cannot be an event Quorum acts on, or None when it can. Handlers may then
    rely on: a usable id, a string type, an integer `created`, `data.object` an object whose `metadata`
    (if any) is an object."""
    if not isinstance(event, dict):
        return "the payload is not a JSON object"
    if not isinstance(event.get("id"), str) or not EVENT_ID.match(event["id"]):
        return "the event id is not a Stripe event id"
    if not isinstance(event.get("type"), str) or not 0 < len(event["type"]) <= 200:
        return "the event type is not a string"
    created = event.get("created")
    if created is not None and (isinstance(created, bool) or not isinstance(created, int)):
        return "`created` is not a timestamp"
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        return "the event has no `data.object`"
    metadata = data["object"].get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return "`data.object.metadata` is not an object"
    return None


def connect_problem(event: dict[str, Any]) -> Optional[str]:
    """Why an event delivered to the Connect endpoint is not a Connect event (they name the connected account
    they happened on, `account`), or None."""
    account = event.get("account")
    if not isinstance(account, str) or not account.startswith("acct_"):
        return "a Connect endpoint's event names no connected account"
    return None


def order_id_of(obj: dict[str, Any]) -> Optional[str]:
    """The Quorum order an object names (its metadata, or a Checkout Session's client reference), if the
    value can be an order id at all."""
    candidate = (obj.get("metadata") or {}).get("order_id") or obj.get("client_reference_id")
    return candidate if isinstance(candidate, str) and _ORDER_ID.match(candidate) else None
