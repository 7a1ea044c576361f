"""The invitation store: INVITE#<id> / INVITE, a one-time link (the signed token carries the id); TTL
30 days after it lapses. In GSI1 INVITEE#<email> / INVITE#<id>: the invitations one email received."""
from __future__ import annotations

from typing import Optional

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce import clock
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction
from dealroom.domain.deals import Invite
from dealroom.persistence import keys

RETENTION = 30 * 86400  # kept this long after it lapses, then TTL deletes it


class InviteItem(TableItem, discriminator="Invite"):
    invite_id = UnicodeAttribute()
    deal_id = UnicodeAttribute()
    email = UnicodeAttribute()
    role = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    valid_until = NumberAttribute()
    created_by = UnicodeAttribute(default="")
    used_at = NumberAttribute(null=True)
    used_by = UnicodeAttribute(null=True)

    def to_domain(self) -> Invite:
        return Invite(id=self.invite_id, deal_id=self.deal_id, email=self.email, role=self.role, name=self.name or "",
                      valid_until=int(self.valid_until), created_by=self.created_by or "",
                      used_at=int(self.used_at) if self.used_at else None, used_by=self.used_by)


class InviteStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, invite_id: str) -> Optional[Invite]:
        try:
            return InviteItem.get(keys.invite_pk(invite_id), keys.INVITE_SK, consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def of_email(self, email: str) -> list[Invite]:
        """Every invitation sent to this (normalized) email that TTL has not removed yet (GSI1)."""
        query = InviteItem.gsi1.query(keys.invitee_pk(email), InviteItem.gsi1sk.startswith(keys.invite_pk("")))
        return [item.to_domain() for item in query]

    def remove(self, invite_id: str, *, label: str = "invite") -> None:
        """Gone: its link answers "not valid" from now on."""
        self.tx.delete(InviteItem(keys.invite_pk(invite_id), keys.INVITE_SK), label=label)

    def add(self, invite: Invite, *, label: str = "invite") -> None:
        self.tx.put(InviteItem(
            keys.invite_pk(invite.id), keys.INVITE_SK, invite_id=invite.id, deal_id=invite.deal_id, email=invite.email,
            role=invite.role, name=invite.name, valid_until=invite.valid_until, created_by=invite.created_by,
            expires_at=clock.ttl(invite.valid_until + RETENTION), gsi1pk=keys.invitee_pk(invite.email),
            gsi1sk=keys.invite_pk(invite.id)), label=label)

    def use(self, invite: Invite, *, user_id: str, now: int, label: str = "invite") -> None:
        """Refused (label `invite`) if it was used meanwhile or has lapsed: it works once."""
        self.tx.update(InviteItem(keys.invite_pk(invite.id), keys.INVITE_SK),
                       [InviteItem.used_at.set(now), InviteItem.used_by.set(user_id)],
                       condition=InviteItem.used_at.does_not_exist() & (InviteItem.valid_until > now), label=label)
