"""Stripe events, rejected deliveries, billing customers and subscriptions on the single table."""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute

from commerce.persistence.base import TableItem

EVENT_SK = "EVENT"
ALL_EVENTS_PK = "STRIPE_EVENTS"  # GSI1: every event, newest last


def event_pk(event_id: str) -> str:
    return f"STRIPE_EVENT#{event_id}"


def events_by_status_pk(status: str) -> str:
    return f"STRIPE_EVENTS#{status}"  # GSI2: events in one status (failed ones for the admin and replay)


def event_sort_key(received_at: int, event_id: str) -> str:
    return f"{received_at:010d}#{event_id}"


class StripeEventItem(TableItem, discriminator="StripeEvent"):
    """STRIPE_EVENT#<evt> / EVENT. The conditional put of this item is what makes processing exactly-once."""

    event_id = UnicodeAttribute()
    type = UnicodeAttribute()
    payload = UnicodeAttribute()
    status = UnicodeAttribute()  # received | processing | processed | failed
    attempts = NumberAttribute(default=0)
    deliveries = NumberAttribute(default=1)
    error = UnicodeAttribute(null=True)
    outcome = UnicodeAttribute(null=True)
    received_at = NumberAttribute()
    processed_at = NumberAttribute(null=True)
    lease_until = NumberAttribute(default=0)
    stripe_created = NumberAttribute(default=0)


def order_event_sk(received_at: int, event_id: str) -> str:
    return f"STRIPE_EVENT#{received_at:010d}#{event_id}"


class OrderEventLinkItem(TableItem, discriminator="OrderStripeEvent"):
    """ORDER#<id> / STRIPE_EVENT#<received>#<evt>: the Stripe events that named an order, for its admin page
    (one Query on the order's partition; the events themselves are read by id)."""

    event_id = UnicodeAttribute()
    type = UnicodeAttribute()
    received_at = NumberAttribute()


class RejectedDeliveryItem(TableItem, discriminator="StripeRejected"):
    """STRIPE_REJECTED#<day> / <ts>#<uuid>: deliveries refused for a missing or bad signature (kept 30 days)."""

    reason = UnicodeAttribute()
    signature = UnicodeAttribute(null=True)
    excerpt = UnicodeAttribute(null=True)
    remote_addr = UnicodeAttribute(null=True)
    received_at = NumberAttribute()


class BillingCustomerItem(TableItem, discriminator="BillingCustomer"):
    """ACCOUNT#<account> / STRIPE_CUSTOMER: the buyer organisation's Stripe Customer."""

    account_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    name = UnicodeAttribute()
    email = UnicodeAttribute()


class SubscriptionItem(TableItem, discriminator="Subscription"):
    """SUBSCRIPTION#<sub> / SUBSCRIPTION; GSI1 ORDER#<order> / SUBSCRIPTION#<sub>."""

    subscription_id = UnicodeAttribute()
    status = UnicodeAttribute()
    customer_id = UnicodeAttribute(null=True)
    order_id = UnicodeAttribute(null=True)
    current_period_start = NumberAttribute(null=True)
    current_period_end = NumberAttribute(null=True)
    cancel_at_period_end = BooleanAttribute(default=False)
    stripe_event_created = NumberAttribute(default=0)
