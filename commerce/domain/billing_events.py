"""Subscription events, derived from committed changes of SUBSCRIPTION items (Stripe reports them; the
table's stream is their outbox). Pure Python."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Optional

from commerce.domain.events import MEMBERS, PRICES, STAFF, Event, seen_by
from commerce.domain.order_events import SOURCE
from commerce.domain.webhooks import Subscription


@dataclass(frozen=True)
class SubscriptionChanged(Event):
    """A subscription started, changed status or period, or was set to cancel (as Stripe reported it)."""

    SOURCE: ClassVar[str] = SOURCE
    TYPE = "subscription.changed"
    LABEL = "subscription changed"
    DETAIL_TYPE = "Subscription Changed"
    DETAIL_TYPES = ("Subscription Started", "Subscription Canceled", "Subscription Changed")
    subscription_id: str = seen_by(MEMBERS)
    status: str = seen_by(MEMBERS)
    previous_status: Optional[str] = seen_by(MEMBERS, default=None)
    started: bool = seen_by(MEMBERS, default=False)
    current_period_end: Optional[int] = seen_by(PRICES, default=None)
    cancel_at_period_end: bool = seen_by(MEMBERS, default=False)
    order_id: Optional[str] = seen_by(STAFF, default=None)
    reported_at: int = seen_by(STAFF, default=0)  # Stripe's event time: orders a subscription's changes

    def detail_type(self) -> str:
        if self.started:
            return "Subscription Started"
        return "Subscription Canceled" if self.status == "canceled" else "Subscription Changed"


def subscription_change(old: Optional[Subscription], new: Subscription) -> Optional[SubscriptionChanged]:
    """The event a subscription's committed change makes, if anything a customer would notice moved."""
    watched = ("status", "current_period_end", "cancel_at_period_end")
    if old is not None and all(getattr(old, name) == getattr(new, name) for name in watched):
        return None
    return SubscriptionChanged(subscription_id=new.subscription_id, status=new.status,
                               previous_status=old.status if old else None, started=old is None,
                               current_period_end=new.current_period_end, cancel_at_period_end=new.cancel_at_period_end,
                               order_id=new.order_id, reported_at=new.stripe_event_created)
