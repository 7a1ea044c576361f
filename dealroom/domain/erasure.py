"""What erasing a person does to the deal room's history. Pure Python.

The committee's log is kept (it is the deal's record and every subscriber's outbox), so an event that
concerns the person (they made it, or it is about them) keeps its facts and loses its personal fields:
names become "Former member", emails and user ids become empty. Every deal event type declares its
personal fields here; a test fails for a type that does not, so a new event cannot leak by default."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from commerce.domain.privacy import FORMER_MEMBER, Person

# event type -> its fields that name one person (the actor for `by`, the subject for the others)
PERSONAL_FIELDS: dict[str, frozenset[str]] = {
    "quote.line_set": frozenset({"by"}),
    "approval.given": frozenset({"by"}),
    "order.created": frozenset({"by"}),
    "member.invited": frozenset({"name", "email"}),
    "member.joined": frozenset({"name", "user_id"}),
    "member.role_changed": frozenset({"name", "user_id"}),
    "member.removed": frozenset(),
    "deal.updated": frozenset(),
    "stock.changed": frozenset(),
    "deal.stalled": frozenset(),  # roles waiting, never who
}
REPLACEMENT = {"by": FORMER_MEMBER, "name": FORMER_MEMBER, "email": "", "user_id": ""}


@dataclass(frozen=True)
class LoggedEvent:
    """A deal event as stored: its full payload (every audience's fields), who made it."""

    deal_id: str
    seq: int
    type: str
    payload: dict[str, Any]
    actor: str
    actor_user_id: Optional[str]
    at: int = 0


def concerns(event: LoggedEvent, person: Person) -> bool:
    payload = event.payload
    return (event.actor_user_id in person.user_ids or payload.get("user_id") in person.user_ids
            or str(payload.get("email") or "").strip().lower() == person.email
            or person.mentioned_in(event.actor) or person.mentioned_in(payload))


def redacted(event: LoggedEvent, person: Person) -> Optional[LoggedEvent]:
    """The event as it is kept once `person` is erased, or None when it does not concern them (or no longer
    does: redacting twice changes nothing)."""
    if not concerns(event, person):
        return None
    personal = PERSONAL_FIELDS.get(event.type, frozenset())
    about = (event.payload.get("user_id") in person.user_ids
             or str(event.payload.get("email") or "").strip().lower() == person.email)
    authored = event.actor_user_id in person.user_ids or person.mentioned_in(event.actor)
    payload = {}
    for name, value in event.payload.items():
        mine = name in personal and (about if name != "by" else authored)
        payload[name] = REPLACEMENT[name] if mine else person.scrub(value)
    actor = FORMER_MEMBER if authored else person.scrub(event.actor)
    return LoggedEvent(deal_id=event.deal_id, seq=event.seq, type=event.type, payload=payload, actor=actor,
                       actor_user_id=None if event.actor_user_id in person.user_ids else event.actor_user_id,
                       at=event.at)


def approvals_kept(approvals: dict[str, dict[str, Any]], person: Person) -> dict[str, dict[str, Any]]:
    """The person's approvals, unnamed: the committee's decision stands, who made it is forgotten."""
    return {role: {**approval, "user_id": "", "name": FORMER_MEMBER}
            for role, approval in approvals.items()
            if approval.get("user_id") in person.user_ids or person.mentioned_in(approval.get("name", ""))}
