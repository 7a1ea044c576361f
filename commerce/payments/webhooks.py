"""Receiving Stripe webhooks, in the manner of dj-stripe: refuse a bad signature before anything else
(and record the refusal); store each event once by id with a conditional put; process it once; record a
failure with its traceback and answer 500 so Stripe retries; answer 200 to duplicates without effects."""
from __future__ import annotations

import json
import logging
import traceback
import uuid
from dataclasses import dataclass
from typing import Optional

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from commerce import clock
from commerce.payments import handlers, stripe_gateway
from commerce.persistence import payments as store
from commerce.persistence import keys
from commerce.persistence.payments import OrderEventLinkItem, RejectedDeliveryItem, StripeEventItem

log = logging.getLogger(__name__)
LEASE_SECONDS = 60  # a crashed processor's claim lapses after this; Stripe's retry then takes over
REJECTED_RETENTION = 30 * 24 * 3600


@dataclass(frozen=True)
class Receipt:
    status: int
    body: dict


def webhook_receive(*, payload: bytes, signature: Optional[str], remote_addr: Optional[str] = None) -> Receipt:
    try:
        event = stripe_gateway.event_verify(payload=payload, signature=signature)
    except stripe_gateway.InvalidSignature as exc:
        _record_rejection(exc.detail, signature, payload, remote_addr)
        return Receipt(400, {"code": exc.code, "detail": exc.detail})
    item = _record(event, payload)
    return event_process(event_id=event["id"], item=item)


def _record(event: dict, payload: bytes) -> StripeEventItem:
    now = clock.now()
    item = StripeEventItem(
        store.event_pk(event["id"]), store.EVENT_SK, event_id=event["id"], type=event["type"],
        payload=payload.decode("utf-8"), status="received", attempts=0, deliveries=1, received_at=now,
        stripe_created=int(event.get("created") or 0),
        gsi1pk=store.ALL_EVENTS_PK, gsi1sk=store.event_sort_key(now, event["id"]),
        gsi2pk=store.events_by_status_pk("received"), gsi2sk=store.event_sort_key(now, event["id"]),
    )
    try:
        item.save(condition=StripeEventItem.pk.does_not_exist())
        _link_to_order(event, now)
        return item
    except PutError as exc:
        if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
            raise
    existing = StripeEventItem(store.event_pk(event["id"]), store.EVENT_SK)
    existing.update(actions=[StripeEventItem.deliveries.add(1)])
    return existing


def _link_to_order(event: dict, received_at: int) -> None:
    obj = (event.get("data") or {}).get("object") or {}
    order_id = (obj.get("metadata") or {}).get("order_id") or obj.get("client_reference_id")
    if isinstance(order_id, str) and 0 < len(order_id) <= 64:
        OrderEventLinkItem(keys.order_pk(order_id), store.order_event_sk(received_at, event["id"]),
                           event_id=event["id"], type=event["type"], received_at=received_at).save()


def event_process(*, event_id: str, item: Optional[StripeEventItem] = None, replay: bool = False) -> Receipt:
    """Claim the event (only one processor at a time, and never again once processed unless replayed),
    run its handler, and record the outcome."""
    if item is None:
        try:
            item = StripeEventItem.get(store.event_pk(event_id), store.EVENT_SK, consistent_read=True)
        except DoesNotExist:
            return Receipt(404, {"code": "not_found", "detail": f"no stored event {event_id}"})
    now = clock.now()
    claimable = (StripeEventItem.status.is_in("received", "failed")) | (
        (StripeEventItem.status == "processing") & (StripeEventItem.lease_until < now))
    if replay:
        claimable |= StripeEventItem.status == "processed"
    try:
        item.update(actions=_status_actions("processing") + [
            StripeEventItem.attempts.add(1), StripeEventItem.lease_until.set(now + LEASE_SECONDS)],
            condition=claimable)
    except UpdateError as exc:
        if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
            raise
        return Receipt(200, {"received": True, "duplicate": True})
    event = json.loads(item.payload)
    try:
        outcome = handlers.handle(event)
    except Exception as exc:  # recorded with its traceback; 500 makes Stripe retry
        log.exception("stripe event %s (%s) failed", event_id, event.get("type"))
        item.update(actions=_status_actions("failed") + [
            StripeEventItem.error.set(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"[-20000:])])
        return Receipt(500, {"code": "handler_failed", "detail": f"{type(exc).__name__}: {exc}"})
    item.update(actions=_status_actions("processed") + [
        StripeEventItem.processed_at.set(clock.now()), StripeEventItem.outcome.set(outcome),
        StripeEventItem.error.remove()])
    return Receipt(200, {"received": True, "outcome": outcome})


def _status_actions(status: str) -> list:
    return [StripeEventItem.status.set(status), StripeEventItem.gsi2pk.set(store.events_by_status_pk(status))]


def _record_rejection(reason: str, signature: Optional[str], payload: bytes, remote_addr: Optional[str]) -> None:
    now = clock.now()
    RejectedDeliveryItem(
        f"STRIPE_REJECTED#{clock.iso(now)[:10]}", f"{now:010d}#{uuid.uuid4().hex}", reason=reason,
        signature=(signature or "")[:500] or None, excerpt=payload[:500].decode("utf-8", "replace") or None,
        remote_addr=remote_addr, received_at=now, expires_at=clock.ttl(now + REJECTED_RETENTION),
    ).save()
