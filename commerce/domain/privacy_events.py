"""The privacy events: "Person Erased", derived from the committed change of an erasure request (the
table's stream is its outbox, as for orders: `person_erased(old, new)`). Downstream systems (the CRM
fan-out's vendors) erase the person too. Pure Python."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Optional

from commerce.domain.erasure import DONE, ErasureRequest
from commerce.domain.events import CONTACT, STAFF, Event, seen_by

SOURCE = "quorum.commerce"


@dataclass(frozen=True)
class PersonErased(Event):
    """Quorum erased everything it held about one person (a data subject's erasure request, or the retention
    policy): systems that received their data from Quorum must erase it too. Never shown to committee
    members: every field is for Quorum's staff and systems."""

    SOURCE: ClassVar[str] = SOURCE
    TYPE = "person.erased"
    LABEL = "person erased"
    DETAIL_TYPE = "Person Erased"
    request_id: str = seen_by(STAFF)
    # whom to erase downstream (the only place it travels after the erasure); a contact detail: only vendors that
    # received contact details get it, the others erase by the user and deal ids they were sent
    email: str = seen_by(STAFF, kind=CONTACT)
    user_ids: tuple[str, ...] = seen_by(STAFF, default=())  # the ids deal events named them by (member.joined)
    deal_ids: tuple[str, ...] = seen_by(STAFF, default=())  # the deals they were part of
    erased_at: int = seen_by(STAFF, default=0)  # epoch seconds
    run: int = seen_by(STAFF, default=1)  # a person erased again later (they came back) is a new run

    def summary(self) -> str:
        return "A person's data was erased"


def person_erased(old: Optional[ErasureRequest], new: Optional[ErasureRequest]) -> Optional[PersonErased]:
    """The event an erasure request's committed change makes: once, when it moves from running to done (the
    old image still holds the email and ids the new one no longer keeps)."""
    if old is None or new is None or not old.running or new.status != DONE or not old.email:
        return None
    return PersonErased(request_id=new.id, email=old.email, user_ids=tuple(old.ids("user_ids")),
                        deal_ids=tuple(old.ids("deal_ids")), erased_at=new.completed_at or 0, run=new.runs)
