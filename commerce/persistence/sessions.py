"""Session items: SESSION#<key> / SESSION, expiring through the table's TTL attribute."""
from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.attributes import UnicodeAttribute

from commerce.persistence.base import TableItem
from commerce.persistence.keys import SESSION_SK as SK
from commerce.persistence.keys import session_pk

__all__ = ["SK", "SessionItem", "session_pk"]


class SessionItem(TableItem, discriminator="Session"):
    data = UnicodeAttribute()

    def is_live(self, now: datetime | None = None) -> bool:
        """DynamoDB's TTL deletes late (hours); an item past its expiry is treated as absent."""
        now = now or datetime.now(UTC)
        return self.expires_at is not None and self.expires_at > now
