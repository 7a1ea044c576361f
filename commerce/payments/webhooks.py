"""Receiving Stripe webhooks, in the manner of dj-stripe: refuse a bad signature before anything else
(and record a bounded sample of the refusals); store every verified delivery once by event id with a
conditional put; process it once; record a failure with its traceback and answer 500 so Stripe retries;
answer 200 to duplicates without effects. A verified delivery that cannot be an event Quorum acts on
(no usable id, a malformed envelope) is still stored, marked `ignored`, and answered 200. A payer's contact
details are not stored (commerce.domain.stripe_scrub): Quorum acts on ids, amounts and statuses only."""
from __future__ import annotations

import hashlib
import json
import logging
import traceback
from dataclasses import dataclass
from typing import Any, Optional

from commerce import clock
from commerce.domain.stripe_scrub import scrub_payload
from commerce.domain.webhooks import (
    FAILED,
    IGNORED,
    PROCESSED,
    RECEIVED,
    StoredEvent,
    connect_problem,
    envelope_problem,
    order_id_of,
)
from commerce.errors import QuorumError
from commerce.payments import handlers, rejections, stripe_gateway
from commerce.persistence import retry
from commerce.persistence.uow import UnitOfWork, apply, unit_of_work
from config.observability import entry, metrics, tracing

log = logging.getLogger(__name__)
LEASE_SECONDS = 60  # a crashed processor's claim lapses after this; Stripe's retry then takes over


@dataclass(frozen=True)
class Receipt:
    status: int
    body: dict


def webhook_receive(*, payload: bytes, signature: Optional[str], remote_addr: Optional[str] = None,
                    connect: bool = False) -> Receipt:
    """`connect`: a delivery to the Connect endpoint (its own secret; its events name a connected account)."""
    try:
        event = stripe_gateway.event_verify(payload=payload, signature=signature, connect=connect)
    except stripe_gateway.InvalidSignature as exc:
        rejections.record(reason=exc.detail, signature=signature, payload=payload, remote_addr=remote_addr)
        return Receipt(exc.status, exc.body())
    problem = envelope_problem(event) or (connect_problem(event) if connect else None)
    stored = _record(event, payload, problem)
    entry.correlate(stored.event_id)  # from here on the delivery's logs, trace and events name the event
    with tracing.span("stripe.webhook", stripe_event_id=stored.event_id, stripe_event_type=stored.type,
                      correlation_id=stored.event_id) as span:
        if problem:
            log.warning("stripe delivery %s ignored: %s", stored.event_id, problem)
            span.annotate(outcome="ignored")
            return Receipt(200, {"received": True, "outcome": f"ignored: {problem}"})
        with retry.budget(retry.BACKGROUND):
            receipt = event_process(event_id=stored.event_id)
        span.annotate(outcome=_outcome(receipt), order_id=order_id_of(event["data"]["object"]))
        return receipt


def _outcome(receipt: Receipt) -> str:
    if receipt.status >= 500:
        return "failed"
    return "duplicate" if receipt.body.get("duplicate") else "processed"


def _record(event: Any, payload: bytes, problem: Optional[str]) -> StoredEvent:
    """Stored once by id; a redelivery is counted. An unusable id is replaced by a digest of the payload."""
    now = clock.now()
    text = scrub_payload(payload.decode("utf-8"))  # data minimization: no payer contact details kept
    usable = problem is None or (isinstance(event, dict) and _usable_id(event.get("id")))
    event_id = event["id"] if usable else "evt_ignored_" + hashlib.sha256(payload).hexdigest()[:40]
    event_type = event.get("type") if isinstance(event, dict) and isinstance(event.get("type"), str) else "(malformed)"
    created = event.get("created") if isinstance(event, dict) else None
    stored = StoredEvent(event_id=event_id, type=event_type[:200], payload=text,
                         status=IGNORED if problem else RECEIVED, received_at=now,
                         stripe_created=created if isinstance(created, int) and not isinstance(created, bool) else 0,
                         outcome=f"ignored: {problem}" if problem else None, processed_at=now if problem else None)
    order_id = None if problem else order_id_of(event["data"]["object"])

    def build(u: UnitOfWork) -> None:
        u.stripe_events.add(stored)
        if order_id:
            u.stripe_events.link_order(order_id=order_id, event_id=event_id, event_type=stored.type, received_at=now)

    if not apply(build, refused=lambda exc: bool(exc.failed("stripe_event"))):
        apply(lambda u: u.stripe_events.count_delivery(event_id))
    return stored


def _usable_id(value: Any) -> bool:
    from commerce.domain.webhooks import EVENT_ID

    return isinstance(value, str) and bool(EVENT_ID.match(value))


def event_process(*, event_id: str, replay: bool = False) -> Receipt:
    """Claim the event (only one processor at a time, and never again once processed unless replayed),
    run its handler, and record the outcome."""
    stored = unit_of_work().stripe_events.get(event_id)
    if stored is None:
        return Receipt(404, {"code": "not_found", "detail": f"no stored event {event_id}"})
    if stored.status == IGNORED:
        metrics.count(metrics.WEBHOOK_DUPLICATES)
        return Receipt(200, {"received": True, "duplicate": True, "outcome": stored.outcome})
    now = clock.now()
    claimed = apply(lambda u: u.stripe_events.claim(event_id, now=now, lease_seconds=LEASE_SECONDS, replay=replay),
                    refused=lambda exc: bool(exc.failed("stripe_event")))
    if not claimed:
        metrics.count(metrics.WEBHOOK_DUPLICATES)
        return Receipt(200, {"received": True, "duplicate": True})
    event = json.loads(stored.payload)
    try:
        outcome = handlers.handle(event)
    except Exception as exc:  # recorded with its traceback; 500 makes Stripe retry
        log.exception("stripe event %s (%s) failed", event_id, event.get("type"))
        metrics.count(metrics.WEBHOOK_FAILURES)
        error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
        apply(lambda u: u.stripe_events.finish(event_id, status=FAILED, now=clock.now(), error=error))
        status = exc.status if isinstance(exc, QuorumError) and exc.status >= 500 else 500
        return Receipt(status, {"code": "handler_failed",
                                "detail": "Quorum could not process this event yet; it is recorded and will be "
                                          "processed when Stripe delivers it again."})
    apply(lambda u: u.stripe_events.finish(event_id, status=PROCESSED, now=clock.now(), outcome=outcome))
    log.info("stripe event %s (%s) processed: %s", event_id, event.get("type"), outcome)
    return Receipt(200, {"received": True, "outcome": outcome})
