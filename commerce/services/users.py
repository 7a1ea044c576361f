"""Users: one per email address, created on first need (joining a deal, or staff creation)."""
from __future__ import annotations

from commerce import clock, ids
from commerce.domain.users import MEMBER, User, normalize_email
from commerce.errors import NotFound
from commerce.persistence.uow import UnitOfWork, apply, unit_of_work

__all__ = ["User", "normalize_email", "user_by_email", "user_get", "user_get_or_create"]


def user_get(*, user_id: str) -> User:
    user = unit_of_work().users.get(user_id)
    if user is None:
        raise NotFound("no such user")
    return user


def user_by_email(*, email: str) -> User | None:
    return unit_of_work().users.by_email(normalize_email(email))


def user_get_or_create(*, email: str, name: str = "", kind: str = MEMBER) -> User:
    """Exactly one user per email, even when two invitations for it are accepted at once."""
    email = normalize_email(email)
    existing = user_by_email(email=email)
    if existing:
        return existing
    user = User(id=ids.new_id(), email=email, name=name.strip()[:120], kind=kind)

    def build(u: UnitOfWork) -> None:
        u.users.add(user, now=clock.now())

    if not apply(build, refused=lambda exc: bool(exc.failed("claim"))):
        found = user_by_email(email=email)  # a concurrent call claimed the email first: theirs is the one
        assert found is not None
        return found
    return user
