"""Staff reads over orders: by status and creation date (GSI2 ORDERS#<status>, no scan), today's figures,
and one order's Stripe events."""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Optional

from commerce.domain.orders import FULFILLED, PAID, PARTIALLY_REFUNDED, REFUNDED, STATUSES, Order
from commerce.domain.webhooks import StoredEvent
from commerce.errors import InvalidInput
from commerce.persistence.uow import unit_of_work
from commerce.services.pagination import Page, clamp_limit, decode_cursor, encode_cursor

MONEY_IN = (PAID, FULFILLED, PARTIALLY_REFUNDED, REFUNDED)


def day_start(day: str) -> int:
    try:
        return int(datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC).timestamp())
    except ValueError:
        raise InvalidInput(f"{day!r} is not a date (YYYY-MM-DD)") from None


def order_page(*, status: str = "", date_from: str = "", date_to: str = "", cursor: Optional[str] = None,
               limit: Optional[int] = None) -> Page[Order]:
    """Newest first. One status is one GSI2 partition; every status merges the partitions' newest-first
    streams. The cursor is the sort key of the last order shown, so pages never skip or repeat."""
    limit = clamp_limit(limit, default=25)
    if status and status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}")
    since = day_start(date_from) if date_from else None
    until = day_start(date_to) + 86400 if date_to else None
    start = decode_cursor(cursor)
    before = start["before"]["S"] if start is not None else None
    store = unit_of_work().orders
    streams = [store.in_status(each, since=since, until=until, before=before, limit=limit + 1)
               for each in ([status] if status else STATUSES)]
    items = list(islice(heapq.merge(*streams, key=lambda found: found[0], reverse=True), limit + 1))
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        next_cursor = encode_cursor({"before": {"S": items[-1][0]}})
    return Page(items=[order for _, order in items], next_cursor=next_cursor)


@dataclass
class DaySummary:
    orders: int = 0
    paid_orders: int = 0
    revenue: dict[str, int] = field(default_factory=dict)  # currency -> minor units, net of refunds
    by_status: dict[str, int] = field(default_factory=dict)


def orders_on(*, day: str) -> DaySummary:
    """Orders created on one UTC day, and the money they brought in (net of refunds)."""
    since = day_start(day)
    summary = DaySummary()
    store = unit_of_work().orders
    for status in STATUSES:
        for _, order in store.in_status(status, since=since, until=since + 86400, newest_first=False):
            summary.orders += 1
            summary.by_status[status] = summary.by_status.get(status, 0) + 1
            if status in MONEY_IN:
                summary.paid_orders += 1
                net = order.total.amount - order.payment.amount_refunded
                summary.revenue[order.currency] = summary.revenue.get(order.currency, 0) + net
    return summary


def order_stripe_events(*, order_id: str) -> list[StoredEvent]:
    """The Stripe events that named this order, oldest first, each in its current processing state."""
    store = unit_of_work().stripe_events
    ids = store.for_order(order_id)
    found = store.get_many(ids)
    return [found[event_id] for event_id in ids if event_id in found]
