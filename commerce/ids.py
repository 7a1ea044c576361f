"""Unguessable identifiers (carts and orders are reachable by id alone). Pure Python."""
from __future__ import annotations

import re
import secrets

from commerce.errors import NotFound

_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_id() -> str:
    """24 random bytes: 192 bits, URL-safe, 32 characters."""
    return secrets.token_urlsafe(24)


def check_id(value: str, what: str) -> str:
    """Ids come from URLs; anything not shaped like one cannot exist."""
    if not isinstance(value, str) or not _ID.match(value):
        raise NotFound(f"no such {what}")
    return value
