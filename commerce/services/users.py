"""Users: one per email address, created on first need (joining a deal, or staff creation)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from pynamodb.exceptions import DoesNotExist

from commerce import clock, ids
from commerce.errors import InvalidInput, NotFound
from commerce.persistence.transaction import Transaction, TransactionCanceled
from commerce.persistence.users import EmailClaimItem, UserItem, email_pk, user_pk

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class User:
    id: str
    email: str
    name: str
    kind: str
    staff_role: Optional[str] = None


def normalize_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise InvalidInput(f"{email!r} is not an email address")
    return email


def _to_user(item: UserItem) -> User:
    return User(id=item.user_id, email=item.email, name=item.name, kind=item.kind, staff_role=item.staff_role)


def user_get(*, user_id: str) -> User:
    try:
        return _to_user(UserItem.get(user_pk(user_id), "PROFILE", consistent_read=True))
    except DoesNotExist:
        raise NotFound("no such user") from None


def user_by_email(*, email: str) -> Optional[User]:
    item = user_record_by_email(email=email)
    return _to_user(item) if item else None


def user_record_by_email(*, email: str) -> Optional[UserItem]:
    """The stored user (with what only services may read, such as a staff password hash), by email."""
    try:
        claim = EmailClaimItem.get(email_pk(normalize_email(email)), "CLAIM", consistent_read=True)
        return UserItem.get(user_pk(claim.user_id), "PROFILE", consistent_read=True)
    except DoesNotExist:
        return None


def user_get_or_create(*, email: str, name: str = "", kind: str = "member") -> User:
    """Exactly one user per email, even when two invitations for it are accepted at once."""
    email = normalize_email(email)
    existing = user_by_email(email=email)
    if existing:
        return existing
    user_id = ids.new_id()
    tx = Transaction()
    tx.put(EmailClaimItem(email_pk(email), "CLAIM", user_id=user_id), condition=EmailClaimItem.pk.does_not_exist(),
           label="claim")
    tx.put(UserItem(user_pk(user_id), "PROFILE", user_id=user_id, email=email, name=name.strip()[:120], kind=kind,
                    created_at=clock.now()), label="user")
    try:
        tx.commit()
    except TransactionCanceled as exc:
        if exc.failed("claim"):
            return user_by_email(email=email)
        raise
    return User(id=user_id, email=email, name=name.strip()[:120], kind=kind)
