"""Staff accounts: created by `manage.py createstaff`, signed in with Django's password hashers, failed
sign-ins throttled per account and per address in fixed windows."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password

from commerce import clock
from commerce.errors import Conflict, InvalidInput
from commerce.persistence.staff import ThrottleItem, throttle_pk
from commerce.persistence.users import UserItem, user_pk
from commerce.services import users

ROLES = ("admin", "sales")


class SignInRefused(InvalidInput):
    code = "sign_in_refused"


class SignInThrottled(Conflict):
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
    item = UserItem(user_pk(user.id), "PROFILE")
    item.update(actions=[UserItem.kind.set("staff"), UserItem.staff_role.set(role),
                         UserItem.password.set(make_password(password))])
    return StaffMember(id=user.id, email=user.email, name=user.name or name, role=role)


def staff_get(*, user_id: str) -> StaffMember | None:
    try:
        user = users.user_get(user_id=user_id)
    except Exception:
        return None
    if user.kind != "staff" or user.staff_role not in ROLES:
        return None
    return StaffMember(id=user.id, email=user.email, name=user.name, role=user.staff_role)


def _window(now: int) -> tuple[str, int]:
    size = settings.STAFF_LOGIN_WINDOW_SECONDS
    start = now - now % size
    return f"{start:010d}", start + size


def _failures(scope: str, key: str, window: str) -> int:
    try:
        return int(ThrottleItem.get(throttle_pk(scope, key), window, consistent_read=True).failures)
    except ThrottleItem.DoesNotExist:
        return 0


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
    for scope, limit in _limits().items():
        if _failures(scope, keys[scope], window) >= limit:
            minutes = max(1, (window_end - now + 59) // 60)
            raise SignInThrottled(f"Too many failed sign-ins for this {scope}. Try again in {minutes} minute"
                                  f"{'s' if minutes != 1 else ''}.")
    try:
        item = users.user_record_by_email(email=email)
    except InvalidInput:  # not an email address: no account, same answer
        item = None
    if item is not None and item.kind != "staff":
        item = None
    if item is None or not item.password:
        make_password(password)  # spend the hasher's time anyway: response times do not reveal accounts
    if item is None or not item.password or not check_password(password, item.password) or item.staff_role not in ROLES:
        for scope in ("account", "address"):
            ThrottleItem(throttle_pk(scope, keys[scope]), window).update(actions=[
                ThrottleItem.failures.add(1), ThrottleItem.expires_at.set(clock.ttl(window_end + 3600))])
        raise SignInRefused("That email and password do not match a staff account.")
    return StaffMember(id=item.user_id, email=item.email, name=item.name, role=item.staff_role)
