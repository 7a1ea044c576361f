"""Which sessions speak for a user: USER#<id> / SESSION#<key>, written by the session store whenever it saves
a session that signs someone in (the subjects apps register, commerce.session_subjects), with the session's
own expiry as TTL. An erasure ends a person's sessions from here, without scanning the table."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Optional

from pynamodb.attributes import UnicodeAttribute

from commerce.persistence import keys
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction


class SessionLinkItem(TableItem, discriminator="SessionLink"):
    session_key = UnicodeAttribute()


def link(user_id: str, session_key: str, expires_at: Optional[datetime]) -> SessionLinkItem:
    return SessionLinkItem(keys.user_pk(user_id), keys.session_pk(session_key), session_key=session_key,
                           expires_at=expires_at)


class SessionLinkStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def of_user(self, user_id: str) -> list[str]:
        """The keys of the user's sessions that have not expired (a link lives as long as its session)."""
        now = datetime.now(UTC)
        query = SessionLinkItem.query(keys.user_pk(user_id), SessionLinkItem.sk.startswith(keys.session_pk("")),
                                      consistent_read=True)
        return [item.session_key for item in query if item.expires_at is None or item.expires_at > now]

    def remove(self, *, user_id: str, session_key: str) -> None:
        self.tx.delete(SessionLinkItem(keys.user_pk(user_id), keys.session_pk(session_key)),
                       label="session_link")
