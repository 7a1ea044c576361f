"""Deal intelligence off the request path: the table's stream tells it when a deal's inputs changed
(registered in DealroomConfig.ready()).

- a deal event (DealEvent INSERT): recompute; `approval.given` with `ready` (the version got every
  approval) also drafts the "fully_approved" follow-up;
- a deal order's status change (Order, customer `deal:<id>`): recompute; paid also drafts the "paid" one;
- a new deal (Deal INSERT): its first score;
- a member seen again after being silent (DealMember MODIFY): recompute, their silence ended;
- a deal's subscription changed (Subscription, its order's customer `deal:<id>`): recompute (churn risk).

Recomputes are debounced per deal by the stored inputs mark (dealroom.services.insights). The intelligence
never holds up the stream: a failure is logged and left to the deal's next change, so the rooms' realtime
(which shares these records) is never blocked by it."""
from __future__ import annotations

import logging
from typing import Any, Optional

from django.conf import settings

from commerce.domain.order_events import status_change
from commerce.domain.orders import PAID
from commerce.streams import Change
from dealroom.domain.events import ApprovalGiven, Committed
from dealroom.persistence.uow import unit_of_work
from dealroom.services.insights import insights_refresh

log = logging.getLogger(__name__)


def _refresh(deal_id: str, *, trigger: Optional[str] = None, force: bool = False) -> None:
    try:
        insights_refresh(deal_id=deal_id, trigger=trigger, force=force)
    except Exception:  # logged; the next change of the deal recomputes
        log.exception("deal %s: insights recompute failed", deal_id)


def on_deal_event(change: Change) -> None:
    if change.name != "INSERT" or change.new is None:
        return
    committed: Committed = change.new
    event = committed.event
    ready = isinstance(event, ApprovalGiven) and event.ready
    _refresh(committed.deal_id, trigger="fully_approved" if ready else None)


def on_deal_created(change: Change) -> None:
    if change.name == "INSERT" and change.new is not None:
        _refresh(change.new.id)


def on_order_change(change: Change) -> None:
    if change.name not in ("INSERT", "MODIFY") or change.new is None:
        return
    event = status_change(change.old, change.new)
    if event is None or event.deal_id is None:
        return
    _refresh(event.deal_id, trigger="paid" if event.status == PAID else None, force=True)


def on_subscription_change(change: Change) -> None:
    new: Any = change.new
    if change.name not in ("INSERT", "MODIFY") or new is None or not new.order_id:
        return
    if change.old is not None and (change.old.status, change.old.cancel_at_period_end,
                                   change.old.current_period_end) == (new.status, new.cancel_at_period_end,
                                                                      new.current_period_end):
        return  # nothing churn reads moved
    try:
        order = unit_of_work().orders.get(new.order_id)
    except Exception:  # logged, like a failed recompute: the intelligence never holds up the stream
        log.exception("subscription %s: its order could not be read", new.subscription_id)
        return
    customer = (order.customer_id or "") if order else ""
    if customer.startswith("deal:"):
        _refresh(customer.split(":", 1)[1], force=True)


def on_member_seen(change: Change) -> None:
    old: Any = change.old
    new: Any = change.new
    if change.name != "MODIFY" or old is None or new is None:
        return
    quiet = new.last_seen_at - max(old.last_seen_at, old.joined_at)
    if quiet >= settings.STALLED_AFTER_DAYS * 86400:
        _refresh(new.deal_id, force=True)
