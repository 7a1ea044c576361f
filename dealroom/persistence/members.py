"""The member store: DEAL#<id> / MEMBER#<user> (role and engagement), also in GSI1 USER#<user> /
DEAL#<id> so a person's deals are one Query."""
from __future__ import annotations

from typing import Optional

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction
from dealroom.domain.deals import Member
from dealroom.persistence import keys


class MemberItem(TableItem, discriminator="DealMember"):
    deal_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    role = UnicodeAttribute()
    joined_at = NumberAttribute()
    last_seen_at = NumberAttribute(default=0)
    views = NumberAttribute(default=0)
    actions = NumberAttribute(default=0)

    def to_domain(self) -> Member:
        return Member(deal_id=self.deal_id, user_id=self.user_id, email=self.email, name=self.name or "",
                      role=self.role, joined_at=int(self.joined_at), last_seen_at=int(self.last_seen_at or 0),
                      views=int(self.views or 0), actions=int(self.actions or 0))


def _key(deal_id: str, user_id: str) -> MemberItem:
    return MemberItem(keys.deal_pk(deal_id), keys.member_sk(user_id))


class MemberStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, *, deal_id: str, user_id: str) -> Optional[Member]:
        try:
            return MemberItem.get(keys.deal_pk(deal_id), keys.member_sk(user_id), consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def of_deal(self, deal_id: str) -> list[Member]:
        query = MemberItem.query(keys.deal_pk(deal_id), MemberItem.sk.startswith(keys.MEMBER_PREFIX),
                                 consistent_read=True)
        return [item.to_domain() for item in query]

    def deals_of(self, user_id: str) -> list[str]:
        """The ids of the deals a person is a member of (GSI1, eventually consistent)."""
        query = MemberItem.gsi1.query(keys.user_deals_pk(user_id), MemberItem.gsi1sk.startswith(keys.DEAL_PREFIX))
        return [item.deal_id for item in query]

    # --- intents ----------------------------------------------------------------------------------

    def add(self, member: Member, *, label: str = "member") -> None:
        self.tx.put(MemberItem(
            keys.deal_pk(member.deal_id), keys.member_sk(member.user_id), deal_id=member.deal_id,
            user_id=member.user_id, email=member.email, name=member.name, role=member.role, joined_at=member.joined_at,
            last_seen_at=member.last_seen_at, gsi1pk=keys.user_deals_pk(member.user_id),
            gsi1sk=keys.deal_pk(member.deal_id),
        ), label=label)

    def remove(self, member: Member, *, label: str = "member") -> None:
        """The membership ends: every deal URL, API call and socket of theirs is refused from this write on.
        Refused (label `member`) if it already ended."""
        self.tx.delete(_key(member.deal_id, member.user_id), condition=MemberItem.pk.exists(), label=label)

    def set_role(self, member: Member, *, role: str, label: str = "member_role") -> None:
        """Refused if the role changed since it was read (two staff members at once)."""
        self.tx.update(_key(member.deal_id, member.user_id), [MemberItem.role.set(role)],
                       condition=MemberItem.role == member.role, label=label)

    def count_action(self, *, deal_id: str, user_id: str, now: int, label: str = "member") -> None:
        self.tx.update(_key(deal_id, user_id), [MemberItem.actions.add(1), MemberItem.last_seen_at.set(now)],
                       condition=MemberItem.pk.exists(), label=label)

    def seen(self, *, deal_id: str, user_id: str, now: int) -> None:
        self.tx.update(_key(deal_id, user_id), [MemberItem.views.add(1), MemberItem.last_seen_at.set(now)],
                       condition=MemberItem.pk.exists(), label="member_seen")
