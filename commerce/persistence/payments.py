"""Stripe's side of the table: stored webhook events (and their links to orders), rejected deliveries,
billing customers and subscriptions."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Optional

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce import clock
from commerce.domain.webhooks import FAILED, PROCESSED, PROCESSING, RECEIVED, StoredEvent, Subscription
from commerce.persistence import keys, table
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction

REJECTED_RETENTION = 30 * 24 * 3600
PART_CHARS = 90_000  # a payload longer than this is kept in parts (at most 4 bytes a character: under 400 KB)


class StripeEventItem(TableItem, discriminator="StripeEvent"):
    """STRIPE_EVENT#<evt> / EVENT. The conditional put of this item is what makes processing exactly-once."""

    event_id = UnicodeAttribute()
    type = UnicodeAttribute()
    payload = UnicodeAttribute()
    status = UnicodeAttribute()  # received | processing | processed | failed | ignored
    attempts = NumberAttribute(default=0)
    deliveries = NumberAttribute(default=1)
    error = UnicodeAttribute(null=True)
    outcome = UnicodeAttribute(null=True)
    received_at = NumberAttribute()
    processed_at = NumberAttribute(null=True)
    lease_until = NumberAttribute(default=0)
    stripe_created = NumberAttribute(default=0)
    payload_parts = NumberAttribute(default=0)  # >0: the payload is kept in that many PayloadPart items

    def to_domain(self, payload: Optional[str] = None) -> StoredEvent:
        return StoredEvent(
            event_id=self.event_id, type=self.type, payload=self.payload if payload is None else payload,
            status=self.status,
            received_at=int(self.received_at), attempts=int(self.attempts or 0), deliveries=int(self.deliveries or 1),
            error=self.error, outcome=self.outcome, processed_at=int(self.processed_at) if self.processed_at else None,
            stripe_created=int(self.stripe_created or 0), lease_until=int(self.lease_until or 0))


class PayloadPartItem(TableItem, discriminator="StripeEventPart"):
    """STRIPE_EVENT#<evt> / PAYLOAD#<n>: one part of an event payload too large for one item."""

    text = UnicodeAttribute()


class OrderEventLinkItem(TableItem, discriminator="OrderStripeEvent"):
    """ORDER#<id> / STRIPE_EVENT#<received>#<evt>: the Stripe events that named an order."""

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
    """SUBSCRIPTION#<sub> / SUBSCRIPTION."""

    subscription_id = UnicodeAttribute()
    status = UnicodeAttribute()
    customer_id = UnicodeAttribute(null=True)
    order_id = UnicodeAttribute(null=True)
    current_period_start = NumberAttribute(null=True)
    current_period_end = NumberAttribute(null=True)
    cancel_at_period_end = BooleanAttribute(default=False)
    stripe_event_created = NumberAttribute(default=0)

    def to_domain(self) -> Subscription:
        return Subscription(
            subscription_id=self.subscription_id, status=self.status, customer_id=self.customer_id,
            order_id=self.order_id, current_period_start=_int(self.current_period_start),
            current_period_end=_int(self.current_period_end), cancel_at_period_end=bool(self.cancel_at_period_end),
            stripe_event_created=int(self.stripe_event_created or 0))


def _int(value: Optional[float]) -> Optional[int]:
    return int(value) if value is not None else None


def _event(event_id: str) -> StripeEventItem:
    return StripeEventItem(keys.stripe_event_pk(event_id), keys.EVENT_SK)


def _status(status: str) -> list:
    return [StripeEventItem.status.set(status), StripeEventItem.gsi2pk.set(keys.stripe_events_by_status_pk(status))]


class StripeEventStore:
    LABEL = "stripe_event"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, event_id: str) -> Optional[StoredEvent]:
        try:
            item = StripeEventItem.get(keys.stripe_event_pk(event_id), keys.EVENT_SK, consistent_read=True)
        except DoesNotExist:
            return None
        if not item.payload_parts:
            return item.to_domain()
        parts = PayloadPartItem.query(keys.stripe_event_pk(event_id),
                                      PayloadPartItem.sk.startswith(keys.PAYLOAD_PART_PREFIX), consistent_read=True)
        return item.to_domain(payload="".join(part.text for part in parts))

    def get_many(self, event_ids: list[str]) -> dict[str, StoredEvent]:
        if not event_ids:
            return {}
        found = StripeEventItem.batch_get([(keys.stripe_event_pk(e), keys.EVENT_SK) for e in set(event_ids)])
        return {item.event_id: item.to_domain() for item in found}

    def newest(self, *, status: Optional[str] = None, start: Optional[dict] = None,
               limit: Optional[int] = None) -> Iterator[tuple[dict, StoredEvent]]:
        """Newest first, all (GSI1) or in one status (GSI2), each with the key to resume after it."""
        if status:
            index, hash_key, attrs = StripeEventItem.gsi2, keys.stripe_events_by_status_pk(status), (
                table.GSI2_PK, table.GSI2_SK)
        else:
            index, hash_key, attrs = StripeEventItem.gsi1, keys.ALL_EVENTS_PK, (table.GSI1_PK, table.GSI1_SK)
        query = index.query(hash_key, scan_index_forward=False, limit=limit, last_evaluated_key=start)
        for item in query:
            sort = item.gsi2sk if status else item.gsi1sk
            yield ({table.PK: {"S": item.pk}, table.SK: {"S": item.sk}, attrs[0]: {"S": hash_key},
                    attrs[1]: {"S": sort}}, item.to_domain())

    def for_order(self, order_id: str) -> list[str]:
        """Ids of the Stripe events that named an order, oldest first."""
        links = OrderEventLinkItem.query(keys.order_pk(order_id),
                                         OrderEventLinkItem.sk.startswith(keys.ORDER_EVENT_PREFIX))
        return [link.event_id for link in links]

    # --- intents ----------------------------------------------------------------------------------

    def add(self, event: StoredEvent, *, label: str = LABEL) -> None:
        """Stored once by id (condition); a second delivery is refused here and counted by `count_delivery`."""
        sort = keys.stripe_event_time_sk(event.received_at, event.event_id)
        pk = keys.stripe_event_pk(event.event_id)
        parts = [event.payload[i:i + PART_CHARS] for i in range(0, len(event.payload), PART_CHARS)]
        if len(parts) > 1:
            for number, text in enumerate(parts):
                self.tx.put(PayloadPartItem(pk, keys.payload_part_sk(number), text=text), label=f"part:{number}")
        self.tx.put(StripeEventItem(
            pk, keys.EVENT_SK, event_id=event.event_id, type=event.type,
            payload_parts=len(parts) if len(parts) > 1 else 0, payload=event.payload if len(parts) <= 1 else "",
            status=event.status, attempts=0, deliveries=1, received_at=event.received_at,
            stripe_created=event.stripe_created, outcome=event.outcome, processed_at=event.processed_at,
            gsi1pk=keys.ALL_EVENTS_PK, gsi1sk=sort,
            gsi2pk=keys.stripe_events_by_status_pk(event.status), gsi2sk=sort,
        ), condition=StripeEventItem.pk.does_not_exist(), label=label)

    def rewrite_payload(self, event: StoredEvent, payload: str) -> None:
        """A stored payload replaced by a redacted one (an erasure), in parts again if it is that long."""
        pk = keys.stripe_event_pk(event.event_id)
        parts = [payload[i:i + PART_CHARS] for i in range(0, len(payload), PART_CHARS)]
        if len(parts) > 1:
            for number, text in enumerate(parts):
                self.tx.put(PayloadPartItem(pk, keys.payload_part_sk(number), text=text), label=f"part:{number}")
        kept = {keys.payload_part_sk(n) for n in range(len(parts))} if len(parts) > 1 else set()
        for part in PayloadPartItem.query(pk, PayloadPartItem.sk.startswith(keys.PAYLOAD_PART_PREFIX)):
            if part.sk not in kept:  # the old payload's parts that the new one does not overwrite
                self.tx.delete(PayloadPartItem(pk, part.sk), label=f"part:{part.sk}")
        self.tx.update(_event(event.event_id), [
            StripeEventItem.payload.set(payload if len(parts) <= 1 else ""),
            StripeEventItem.payload_parts.set(len(parts) if len(parts) > 1 else 0)],
            condition=StripeEventItem.pk.exists(), label=self.LABEL)

    def link_order(self, *, order_id: str, event_id: str, event_type: str, received_at: int) -> None:
        self.tx.put(OrderEventLinkItem(keys.order_pk(order_id), keys.order_stripe_event_sk(received_at, event_id),
                                       event_id=event_id, type=event_type, received_at=received_at), label="order_link")

    def count_delivery(self, event_id: str) -> None:
        self.tx.update(_event(event_id), [StripeEventItem.deliveries.add(1)], condition=StripeEventItem.pk.exists(),
                       label=self.LABEL)

    def claim(self, event_id: str, *, now: int, lease_seconds: int, replay: bool) -> None:
        """Only one processor at a time, and never again once processed (unless replayed)."""
        claimable = StripeEventItem.status.is_in(RECEIVED, FAILED) | (
            (StripeEventItem.status == PROCESSING) & (StripeEventItem.lease_until < now))
        if replay:
            claimable |= StripeEventItem.status == PROCESSED
        self.tx.update(_event(event_id), _status(PROCESSING) + [
            StripeEventItem.attempts.add(1), StripeEventItem.lease_until.set(now + lease_seconds)],
            condition=claimable, label=self.LABEL)

    def finish(self, event_id: str, *, status: str, now: int, outcome: Optional[str] = None,
               error: Optional[str] = None) -> None:
        actions = _status(status)
        if status == FAILED:
            actions.append(StripeEventItem.error.set((error or "")[-20000:]))
        else:
            actions += [StripeEventItem.processed_at.set(now), StripeEventItem.outcome.set(outcome or ""),
                        StripeEventItem.error.remove()]
        self.tx.update(_event(event_id), actions, label=self.LABEL)

    def reject(self, *, reason: str, signature: Optional[str], excerpt: Optional[str], remote_addr: Optional[str],
               now: int) -> None:
        self.tx.put(RejectedDeliveryItem(
            keys.rejected_delivery_pk(clock.iso(now)[:10]), keys.rejected_delivery_sk(now, uuid.uuid4().hex),
            reason=reason, signature=signature, excerpt=excerpt, remote_addr=remote_addr, received_at=now,
            expires_at=clock.ttl(now + REJECTED_RETENTION)), label="rejected")


class BillingStore:
    """Billing customers and subscriptions."""

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def customer_of(self, account_id: str) -> Optional[str]:
        try:
            return BillingCustomerItem.get(keys.account_pk(account_id), keys.STRIPE_CUSTOMER_SK,
                                           consistent_read=True).customer_id
        except DoesNotExist:
            return None

    def customer_record(self, account_id: str) -> Optional[tuple[str, str, str]]:
        """(customer id, name, email) of an account's Stripe Customer, if one was created."""
        try:
            item = BillingCustomerItem.get(keys.account_pk(account_id), keys.STRIPE_CUSTOMER_SK, consistent_read=True)
        except DoesNotExist:
            return None
        return item.customer_id, item.name, item.email

    def remove_customer(self, account_id: str) -> None:
        """Forget an account's Stripe Customer (deleted at Stripe): a later invoice creates a new one."""
        self.tx.delete(BillingCustomerItem(keys.account_pk(account_id), keys.STRIPE_CUSTOMER_SK), label="customer")

    def add_customer(self, *, account_id: str, customer_id: str, name: str, email: str) -> None:
        self.tx.put(BillingCustomerItem(keys.account_pk(account_id), keys.STRIPE_CUSTOMER_SK, account_id=account_id,
                                        customer_id=customer_id, name=name, email=email),
                    condition=BillingCustomerItem.pk.does_not_exist(), label="customer")

    def subscription(self, subscription_id: str) -> Optional[Subscription]:
        try:
            return SubscriptionItem.get(keys.subscription_pk(subscription_id), keys.SUBSCRIPTION_SK,
                                        consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def record_subscription(self, sub: Subscription) -> None:
        """Keep our copy. A canceled subscription is terminal: it always wins, and nothing revives it."""
        item = SubscriptionItem(
            keys.subscription_pk(sub.subscription_id), keys.SUBSCRIPTION_SK, subscription_id=sub.subscription_id,
            status=sub.status, customer_id=sub.customer_id, order_id=sub.order_id,
            current_period_start=sub.current_period_start, current_period_end=sub.current_period_end,
            cancel_at_period_end=sub.cancel_at_period_end, stripe_event_created=sub.stripe_event_created)
        condition = None if sub.status == "canceled" else (
            SubscriptionItem.pk.does_not_exist() | (SubscriptionItem.status != "canceled"))
        self.tx.put(item, condition=condition, label="subscription")
