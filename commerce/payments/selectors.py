"""Reads over stored Stripe events (admin pages and the stripe_events command)."""
from __future__ import annotations

from typing import Optional

from pynamodb.exceptions import DoesNotExist

from commerce.errors import NotFound
from commerce.persistence.payments import ALL_EVENTS_PK, EVENT_SK, StripeEventItem, event_pk, events_by_status_pk


def stripe_event_list(*, status: Optional[str] = None, type_: Optional[str] = None, limit: int = 50) -> list[StripeEventItem]:
    """Newest first; by status through GSI2, all through GSI1 (no scan)."""
    if status:
        query = StripeEventItem.gsi2.query(events_by_status_pk(status), scan_index_forward=False)
    else:
        query = StripeEventItem.gsi1.query(ALL_EVENTS_PK, scan_index_forward=False)
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
