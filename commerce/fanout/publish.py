"""commerce's own events on the bus, from the table's stream (registered in CommerceConfig.ready()): an
order's status changes, refunds and failed payments (order id + version), subscription changes, and the
marketplace's: a vendor able to take charges, a vendor's transfer made or reversed (the catch-all's); and a
finished erasure, Person Erased, for every vendor."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Optional

from commerce.domain.billing_events import subscription_change
from commerce.domain.integrations import Outgoing, Subject
from commerce.domain.order_events import order_changes
from commerce.domain.privacy_events import person_erased
from commerce.domain.vendor_events import payout_change, vendor_change
from commerce.fanout import bus
from commerce.streams import Change


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def publish_order_events(change: Change) -> None:
    if not bus.enabled() or change.name not in ("INSERT", "MODIFY") or change.new is None:
        return
    order = change.new
    at = _iso(change.at or order.created_at)
    bus.publish([Outgoing(event=event, subject=Subject("order", order.id, order.version), occurred_at=at,
                          deal_id=getattr(event, "deal_id", None)) for event in order_changes(change.old, order)])


def _deal_of_order(order_id: Optional[str]) -> Optional[str]:
    if not order_id:
        return None
    from commerce.persistence.uow import unit_of_work

    order = unit_of_work().orders.get(order_id)
    customer = (order.customer_id or "") if order else ""
    return customer.split(":", 1)[1] if customer.startswith("deal:") else None


def publish_subscription_events(change: Change) -> None:
    if not bus.enabled() or change.name not in ("INSERT", "MODIFY") or change.new is None:
        return
    event = subscription_change(change.old, change.new)
    if event is None:
        return
    position = event.reported_at or int(change.at)
    bus.publish([Outgoing(event=event, subject=Subject("subscription", event.subscription_id, position),
                          occurred_at=_iso(change.at or position), deal_id=_deal_of_order(event.order_id))])


def publish_vendor_events(change: Change) -> None:
    if not bus.enabled() or change.name not in ("INSERT", "MODIFY"):
        return
    event = vendor_change(change.old, change.new)
    if event is not None:
        position = int(change.at)  # a vendor becomes able to take charges rarely: the commit's second orders it
        bus.publish([Outgoing(event=event, subject=Subject("vendor", event.vendor_id, position),
                              occurred_at=_iso(change.at))])


def publish_payout_events(change: Change) -> None:
    """A vendor's share of an order: its transfer made (version 1), then reversed further (each version)."""
    if not bus.enabled() or change.name not in ("INSERT", "MODIFY") or change.new is None:
        return
    event = payout_change(change.old, change.new)
    if event is not None:
        share = change.new
        subject = Subject("vendor_share", f"{share.order_id}:{share.vendor_id}", share.version)
        bus.publish([Outgoing(event=event, subject=subject, occurred_at=_iso(change.at or share.created_at),
                              deal_id=_deal_of_order(share.order_id))])


def publish_privacy_events(change: Change) -> None:
    """A finished erasure (an erasure request's move from running to done): every vendor erases the person
    too. One entry per erasure run: the request's digest and run number are the subject (a dedup id)."""
    if not bus.enabled() or change.name != "MODIFY":
        return
    event = person_erased(change.old, change.new)
    if event is not None:
        bus.publish([Outgoing(event=event, subject=Subject("person", event.request_id, event.run),
                              occurred_at=_iso(event.erased_at or change.at))])
