"""Staff accounts: created by `manage.py createstaff`, signed in with Django's password hashers, failed
sign-ins throttled per account and per address in fixed windows."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password

from commerce import clock
from commerce.domain.users import normalize_email
from commerce.errors import InvalidInput, RateLimited
from commerce.persistence.uow import UnitOfWork, apply, unit_of_work
from commerce.services import users

ROLES = ("admin", "sales")


class SignInRefused(InvalidInput):
    code = "sign_in_refused"


class SignInThrottled(RateLimited):
    code = "sign_in_throttled"


@dataclass(frozen=True)
class StaffMember:
    id: str
    email: str
    name: str
    role: str


def staff_create(*, email: str, role: str, password: str, name: str = "") -> StaffMember:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    try:
        validate_password(password)
    except Exception as exc:  # django.core.exceptions.ValidationError: its messages are for people
        raise InvalidInput(" ".join(getattr(exc, "messages", [str(exc)]))) from None
    user = users.user_get_or_create(email=email, name=name, kind="staff")
    password_hash = make_password(password)
    apply(lambda u: u.users.make_staff(user.id, role=role, password_hash=password_hash))
    return StaffMember(id=user.id, email=user.email, name=user.name or name, role=role)


def staff_get(*, user_id: str) -> StaffMember | None:
    try:
        user = users.user_get(user_id=user_id)
    except Exception:
        return None
    if user.kind != "staff" or user.staff_role not in ROLES:
        return None
    return StaffMember(id=user.id, email=user.email, name=user.name, role=user.staff_role)


def _window(now: int) -> tuple[int, int]:
    size = settings.STAFF_LOGIN_WINDOW_SECONDS
    start = now - now % size
    return start, start + size


def _limits() -> dict[str, int]:
    return {"account": settings.STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT,
            "address": settings.STAFF_LOGIN_MAX_FAILURES_PER_ADDRESS}


def staff_authenticate(*, email: str, password: str, address: str) -> StaffMember:
    """The staff member, or SignInRefused (one message for every wrong detail, so accounts cannot be probed),
    or SignInThrottled while this account or address has too many recent failures."""
    now = clock.now()
    window, window_end = _window(now)
    email = (email or "").strip().lower()
    keys = {"account": email or "-", "address": address or "-"}
    throttles = unit_of_work().throttles
    for scope, limit in _limits().items():
        if throttles.failures(scope=scope, key=keys[scope], window_start=window) >= limit:
            minutes = max(1, (window_end - now + 59) // 60)
            raise SignInThrottled(f"Too many failed sign-ins for this {scope}. Try again in {minutes} minute"
                                  f"{'s' if minutes != 1 else ''}.")
    try:
        found = unit_of_work().users.credentials(normalize_email(email))
    except InvalidInput:  # not an email address: no account, same answer
        found = None
    user, password_hash = found if found and found[0].kind == "staff" else (None, None)
    if user is None or not password_hash:
        make_password(password)  # spend the hasher's time anyway: response times do not reveal accounts
    if user is None or not password_hash or not check_password(password, password_hash) \
            or user.staff_role not in ROLES:
        def count(u: UnitOfWork) -> None:
            for scope in ("account", "address"):
                u.throttles.add_failure(scope=scope, key=keys[scope], window_start=window, keep_until=window_end + 3600)

        apply(count)
        raise SignInRefused("That email and password do not match a staff account.")
    return StaffMember(id=user.id, email=user.email, name=user.name, role=user.staff_role or "")
