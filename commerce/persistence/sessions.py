"""Session items: SESSION#<key> / SESSION, expiring through the table's TTL attribute."""
from __future__ import annotations

from datetime import datetime, timezone

from pynamodb.attributes import UnicodeAttribute

from commerce.persistence.base import TableItem

SK = "SESSION"


def session_pk(session_key: str) -> str:
    return f"SESSION#{session_key}"


class SessionItem(TableItem, discriminator="Session"):
    data = UnicodeAttribute()

    def is_live(self, now: datetime | None = None) -> bool:
        """DynamoDB's TTL deletes late (hours); an item past its expiry is treated as absent."""
        now = now or datetime.now(timezone.utc)
        return self.expires_at is not None and self.expires_at > now
