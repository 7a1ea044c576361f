"""The deal room's events on the CRM fan-out (registered in DealroomConfig.ready()): every committed
DEAL#<id> / EVENT#<seq> becomes one bus entry whose dedup id is deal id + seq, and a deal's log can be
republished from any seq (the admin's Integrations page, `manage.py crm_publish`); a score that moved
(DEAL#<id> / INSIGHTS) becomes one "Deal Scored" entry, its subject the deal's score at that revision."""
from __future__ import annotations

from datetime import UTC, datetime

from commerce.domain.integrations import Outgoing, Subject
from commerce.fanout import bus
from commerce.streams import Change
from dealroom.domain.events import Committed
from dealroom.domain.scoring_events import score_change
from dealroom.persistence.uow import unit_of_work


def outgoing(committed: Committed) -> Outgoing | None:
    if committed.event is None:  # a type this code no longer knows: nothing typed to publish
        return None
    at = datetime.fromtimestamp(committed.at, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Outgoing(event=committed.event, subject=Subject("deal", committed.deal_id, committed.seq),
                    occurred_at=at, deal_id=committed.deal_id)


def publish_deal_event(change: Change) -> None:
    if not bus.enabled() or change.name != "INSERT" or change.new is None:
        return
    found = outgoing(change.new)
    if found is not None:
        bus.publish([found])


def publish_deal_scored(change: Change) -> None:
    """Deal Scored: the first score and every move (new wording of the same score is not an event)."""
    if not bus.enabled() or change.name not in ("INSERT", "MODIFY"):
        return
    event = score_change(change.old, change.new)
    if event is not None:
        at = datetime.fromtimestamp(event.scored_at, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        bus.publish([Outgoing(event=event, subject=Subject("deal_score", event.deal_id, event.revision),
                              occurred_at=at, deal_id=event.deal_id)])


def deal_outgoing_after(deal_id: str, after: int, limit: int) -> list[Outgoing]:
    """The deal's committed events after seq `after`, oldest first, as they were published."""
    events = unit_of_work().events.after(deal_id, seq=after, limit=limit)
    return [o for o in (outgoing(e) for e in events) if o is not None]
