"""Stream handler: a held reservation deleted by DynamoDB's TTL releases its order's stock.

Release normally happens at `hold_until` (the scheduled sweeper); TTL deletes the reservation item seven
days later. If the sweeper was down all that while, this is the safety net, fed by the same table stream
as the realtime outbox (registered in CommerceConfig.ready())."""
from __future__ import annotations

import logging

from commerce.domain.stock import HELD
from commerce.services.orders import order_release_after_ttl
from commerce.streams import Change

log = logging.getLogger(__name__)


def on_reservation_removed(change: Change) -> None:
    if change.name != "REMOVE" or not change.by_ttl or change.old is None:
        return
    if change.old.status != HELD:
        return  # released or committed long ago: TTL is only garbage collection here
    order, released = order_release_after_ttl(order_id=change.old.order_id)
    log.warning("reservation of order %s deleted by TTL while held: order %s%s", change.old.order_id, order.status,
                " (released now)" if released else "")
