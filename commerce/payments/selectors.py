"""Reads over stored Stripe events (admin pages and the stripe_events command)."""
from __future__ import annotations

from itertools import islice
from typing import Optional

from commerce.domain.webhooks import StoredEvent
from commerce.errors import NotFound
from commerce.persistence.uow import unit_of_work
from commerce.services.pagination import Page, decode_cursor, encode_cursor


def stripe_event_list(*, status: Optional[str] = None, type_: Optional[str] = None,
                      limit: int = 50) -> list[StoredEvent]:
    """Newest first."""
    found = (event for _, event in unit_of_work().stripe_events.newest(status=status))
    return list(islice((e for e in found if not type_ or e.type == type_), limit))


def stripe_event_get(*, event_id: str) -> StoredEvent:
    event = unit_of_work().stripe_events.get(event_id)
    if event is None:
        raise NotFound(f"no stored Stripe event {event_id}")
    return event


def stripe_event_page(*, status: Optional[str] = None, cursor: Optional[str] = None, limit: int = 25) -> Page:
    """One page of stored events, newest first, with a cursor to the next (admin list)."""
    found = list(unit_of_work().stripe_events.newest(status=status, start=decode_cursor(cursor), limit=limit + 1))
    next_cursor = encode_cursor(found[limit - 1][0]) if len(found) > limit else None
    return Page(items=[event for _, event in found[:limit]], next_cursor=next_cursor)
