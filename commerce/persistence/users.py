"""People who sign in: committee members (by invitation) and, with the admin, staff.
USER#<id> / PROFILE; GSI1 EMAIL#<email> / USER finds a user by email."""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from commerce.persistence.base import TableItem


def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


def email_pk(email: str) -> str:
    return f"EMAIL#{email}"


class UserItem(TableItem, discriminator="User"):
    user_id = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    kind = UnicodeAttribute(default="member")  # member | staff
    staff_role = UnicodeAttribute(null=True)  # admin | sales
    password = UnicodeAttribute(null=True)  # Django password hash (staff only)
    created_at = NumberAttribute()


class EmailClaimItem(TableItem, discriminator="EmailClaim"):
    """EMAIL#<email> / CLAIM: makes an email belong to exactly one user (conditional put)."""

    user_id = UnicodeAttribute()
