"""People who sign in: committee members (by invitation) and staff. Pure Python."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from commerce.errors import InvalidInput

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MEMBER, STAFF = "member", "staff"


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
