"""Engagement per member: last seen and page views (actions are counted with each change)."""
from __future__ import annotations

from commerce import clock
from dealroom import persistence as p
from dealroom.persistence import MemberItem


def member_seen(*, deal_id: str, user_id: str) -> None:
    MemberItem(p.deal_pk(deal_id), p.member_sk(user_id)).update(
        actions=[MemberItem.views.add(1), MemberItem.last_seen_at.set(clock.now())],
        condition=MemberItem.pk.exists())
