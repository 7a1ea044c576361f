"""The user store: USER#<id> / PROFILE, and EMAIL#<email> / CLAIM which makes an email belong to exactly
one user (a conditional put in the user's creation transaction)."""
from __future__ import annotations

from typing import Optional

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce.domain.users import User
from commerce.persistence import keys
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction


class UserItem(TableItem, discriminator="User"):
    user_id = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    kind = UnicodeAttribute(default="member")  # member | staff
    staff_role = UnicodeAttribute(null=True)  # admin | sales
    password = UnicodeAttribute(null=True)  # Django password hash (staff only)
    created_at = NumberAttribute()

    def to_domain(self) -> User:
        return User(id=self.user_id, email=self.email, name=self.name or "", kind=self.kind,
                    staff_role=self.staff_role)


class EmailClaimItem(TableItem, discriminator="EmailClaim"):
    user_id = UnicodeAttribute()


class UserStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, user_id: str) -> Optional[User]:
        item = self._item(user_id)
        return item.to_domain() if item else None

    def by_email(self, email: str) -> Optional[User]:
        found = self.credentials(email)
        return found[0] if found else None

    def credentials(self, email: str) -> Optional[tuple[User, Optional[str]]]:
        """The user with this (normalized) email and their password hash, if any."""
        try:
            claim = EmailClaimItem.get(keys.email_pk(email), keys.CLAIM_SK, consistent_read=True)
        except DoesNotExist:
            return None
        item = self._item(claim.user_id)
        return (item.to_domain(), item.password) if item else None

    @staticmethod
    def _item(user_id: str) -> Optional[UserItem]:
        try:
            return UserItem.get(keys.user_pk(user_id), keys.PROFILE_SK, consistent_read=True)
        except DoesNotExist:
            return None

    def add(self, user: User, *, now: int) -> None:
        """The claim (refused, label `claim`, if the email is taken) and the profile, together."""
        self.tx.put(EmailClaimItem(keys.email_pk(user.email), keys.CLAIM_SK, user_id=user.id),
                    condition=EmailClaimItem.pk.does_not_exist(), label="claim")
        self.tx.put(UserItem(keys.user_pk(user.id), keys.PROFILE_SK, user_id=user.id, email=user.email,
                             name=user.name, kind=user.kind, staff_role=user.staff_role, created_at=now), label="user")

    def remove(self, user: User) -> None:
        """The profile and the email's claim (unless the email was claimed by someone else since)."""
        self.tx.delete(EmailClaimItem(keys.email_pk(user.email), keys.CLAIM_SK), label="claim",
                       condition=EmailClaimItem.pk.does_not_exist() | (EmailClaimItem.user_id == user.id))
        self.tx.delete(UserItem(keys.user_pk(user.id), keys.PROFILE_SK), label="user")

    def make_staff(self, user_id: str, *, role: str, password_hash: str) -> None:
        self.tx.update(UserItem(keys.user_pk(user_id), keys.PROFILE_SK), [
            UserItem.kind.set("staff"), UserItem.staff_role.set(role), UserItem.password.set(password_hash)],
            condition=UserItem.pk.exists(), label="user")
