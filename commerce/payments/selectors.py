"""Reads over stored Stripe events (admin pages and the stripe_events command)."""
from __future__ import annotations

from typing import Optional

from pynamodb.exceptions import DoesNotExist

from commerce.errors import NotFound
from commerce.persistence import table
from commerce.persistence.payments import ALL_EVENTS_PK, EVENT_SK, StripeEventItem, event_pk, events_by_status_pk
from commerce.services.pagination import Page, decode_cursor, encode_cursor


def _listing(status: Optional[str]):
    """(index, partition key, index key names): by status through GSI2, all through GSI1 (no scan)."""
    if status:
        return StripeEventItem.gsi2, events_by_status_pk(status), (table.GSI2_PK, table.GSI2_SK)
    return StripeEventItem.gsi1, ALL_EVENTS_PK, (table.GSI1_PK, table.GSI1_SK)


def stripe_event_list(*, status: Optional[str] = None, type_: Optional[str] = None, limit: int = 50) -> list[StripeEventItem]:
    """Newest first."""
    index, hash_key, _ = _listing(status)
    query = index.query(hash_key, scan_index_forward=False)
    found = []
    for item in query:
        if type_ and item.type != type_:
            continue
        found.append(item)
        if len(found) >= limit:
            break
    return found


def stripe_event_get(*, event_id: str) -> StripeEventItem:
    try:
        return StripeEventItem.get(event_pk(event_id), EVENT_SK, consistent_read=True)
    except DoesNotExist:
        raise NotFound(f"no stored Stripe event {event_id}") from None


def stripe_event_page(*, status: Optional[str] = None, cursor: Optional[str] = None, limit: int = 25) -> Page:
    """One page of stored events, newest first, with a cursor to the next (admin list)."""
    start = decode_cursor(cursor)
    index, hash_key, (index_pk, index_sk) = _listing(status)
    items = list(index.query(hash_key, scan_index_forward=False, limit=limit + 1, last_evaluated_key=start))
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        sort_value = last.gsi2sk if status else last.gsi1sk
        next_cursor = encode_cursor({table.PK: {"S": last.pk}, table.SK: {"S": last.sk},
                                     index_pk: {"S": hash_key}, index_sk: {"S": sort_value}})
    return Page(items=items, next_cursor=next_cursor)
