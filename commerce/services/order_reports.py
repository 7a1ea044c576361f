"""Staff reads over orders: by status and creation date (GSI2 ORDERS#<status>, no scan), today's figures,
and one order's Stripe events."""
from __future__ import annotations

import heapq
from itertools import islice
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Optional

from commerce.domain.orders import PAID, FULFILLED, PARTIALLY_REFUNDED, REFUNDED, STATUSES, Order
from commerce.errors import InvalidInput
from commerce.persistence import keys
from commerce.persistence.orders import OrderItem
from commerce.persistence.payments import EVENT_SK, OrderEventLinkItem, StripeEventItem, event_pk
from commerce.services.pagination import Page, clamp_limit, decode_cursor, encode_cursor

MONEY_IN = (PAID, FULFILLED, PARTIALLY_REFUNDED, REFUNDED)


def day_start(day: str) -> int:
    try:
        return int(datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=timezone.utc).timestamp())
    except ValueError:
        raise InvalidInput(f"{day!r} is not a date (YYYY-MM-DD)") from None


def order_page(*, status: str = "", date_from: str = "", date_to: str = "", cursor: Optional[str] = None,
               limit: Optional[int] = None) -> Page[Order]:
    """Newest first. One status is one GSI2 partition; every status merges the partitions' newest-first
    streams. The cursor is the sort key of the last order shown, so pages never skip or repeat."""
    limit = clamp_limit(limit, default=25)
    if status and status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}")
    low = keys.order_time_sk(day_start(date_from), "") if date_from else "0"
    high = keys.order_time_sk(day_start(date_to) + 86400, "") if date_to else "9"
    start = decode_cursor(cursor)
    if start is not None:
        high = min(high, start["before"]["S"])
    streams = []
    for each in ([status] if status else STATUSES):
        streams.append(OrderItem.gsi2.query(keys.orders_by_status_pk(each), OrderItem.gsi2sk.between(low, high),
                                            scan_index_forward=False, limit=limit + 1))
    merged = heapq.merge(*streams, key=lambda item: item.gsi2sk, reverse=True)
    after_cursor = (item for item in merged if start is None or item.gsi2sk < high)  # BETWEEN includes the cursor
    items = list(islice(after_cursor, limit + 1))
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        next_cursor = encode_cursor({"before": {"S": items[-1].gsi2sk}})
    return Page(items=[item.to_domain() for item in items], next_cursor=next_cursor)


@dataclass
class DaySummary:
    orders: int = 0
    paid_orders: int = 0
    revenue: dict[str, int] = field(default_factory=dict)  # currency -> minor units, net of refunds
    by_status: dict[str, int] = field(default_factory=dict)


def orders_on(*, day: str) -> DaySummary:
    """Orders created on one UTC day, and the money they brought in (net of refunds)."""
    low, high = keys.order_time_sk(day_start(day), ""), keys.order_time_sk(day_start(day) + 86400, "")
    summary = DaySummary()
    for status in STATUSES:
        for item in OrderItem.gsi2.query(keys.orders_by_status_pk(status), OrderItem.gsi2sk.between(low, high)):
            summary.orders += 1
            summary.by_status[status] = summary.by_status.get(status, 0) + 1
            if status in MONEY_IN:
                summary.paid_orders += 1
                net = int(item.total_amount) - int(item.amount_refunded or 0)
                summary.revenue[item.currency] = summary.revenue.get(item.currency, 0) + net
    return summary


def order_stripe_events(*, order_id: str) -> list[StripeEventItem]:
    """The Stripe events that named this order, oldest first, each in its current processing state."""
    links = list(OrderEventLinkItem.query(keys.order_pk(order_id), OrderEventLinkItem.sk.startswith("STRIPE_EVENT#")))
    if not links:
        return []
    found = {e.event_id: e for e in StripeEventItem.batch_get([(event_pk(l.event_id), EVENT_SK) for l in links])}
    return [found[l.event_id] for l in links if l.event_id in found]
