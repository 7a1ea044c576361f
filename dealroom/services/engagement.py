"""Engagement per member: last seen and page views (actions are counted with each change)."""
from __future__ import annotations

from commerce import clock
from commerce.persistence.transaction import conflict_retry
from dealroom import persistence as p
from dealroom.persistence import MemberItem


def member_seen(*, deal_id: str, user_id: str) -> None:
    """Best effort bookkeeping; retried if the member item is inside a concurrent change's transaction."""
    item = MemberItem(p.deal_pk(deal_id), p.member_sk(user_id))
    conflict_retry(lambda: item.update(actions=[MemberItem.views.add(1), MemberItem.last_seen_at.set(clock.now())],
                                       condition=MemberItem.pk.exists()))
