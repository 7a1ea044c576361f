"""Engagement per member: last seen and page views (actions are counted with each change)."""
from __future__ import annotations

from commerce import clock
from commerce.persistence.uow import apply
from dealroom.persistence.uow import unit_of_work


def member_seen(*, deal_id: str, user_id: str) -> None:
    """Best-effort bookkeeping: planned again if the member item is inside a concurrent change's
    transaction; a member removed meanwhile is simply not counted."""
    def build(u) -> None:
        u.members.seen(deal_id=deal_id, user_id=user_id, now=clock.now())

    apply(build, refused=lambda exc: True, factory=unit_of_work)
