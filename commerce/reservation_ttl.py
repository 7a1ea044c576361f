"""Stream handler: a held reservation deleted by DynamoDB's TTL releases its order's stock.

Release normally happens at `hold_until` (the scheduled sweeper); TTL deletes the reservation item seven
days later. If the sweeper was down all that while, this is the safety net, fed by the same table stream
as the realtime outbox (settings.STREAM_HANDLERS)."""
from __future__ import annotations

import logging

from commerce.domain.stock import HELD
from commerce.services.orders import order_release_after_ttl

log = logging.getLogger(__name__)
TTL_PRINCIPAL = "dynamodb.amazonaws.com"  # AWS marks TTL deletions with this service principal


def is_ttl_deletion(record: dict) -> bool:
    identity = record.get("userIdentity") or {}
    return record.get("eventName") == "REMOVE" and identity.get("type") == "Service" \
        and identity.get("principalId") == TTL_PRINCIPAL


def on_reservation_removed(record: dict) -> None:
    if not is_ttl_deletion(record):
        return
    old = record.get("dynamodb", {}).get("OldImage") or {}
    if old.get("status", {}).get("S") != HELD:
        return  # released or committed long ago: TTL is only garbage collection here
    order_id = old["order_id"]["S"]
    order, released = order_release_after_ttl(order_id=order_id)
    log.warning("reservation of order %s deleted by TTL while held: order %s%s", order_id, order.status,
                " (released now)" if released else "")
