"""Django session engine on the DynamoDB table (SESSION_ENGINE = "commerce.persistence.session_store").

Expired sessions are treated as absent at once, whatever DynamoDB's TTL sweeper has done yet. A session that
signs someone in is linked to them (session_links.py), with the same expiry, each time it is saved.
"""
from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.sessions.backends.base import CreateError, SessionBase, UpdateError
from pynamodb.exceptions import DoesNotExist, PutError

from commerce.persistence import session_links
from commerce.persistence.sessions import SK, SessionItem, session_pk
from commerce.session_subjects import subjects_of


class SessionStore(SessionBase):
    def _fetch(self, session_key: str | None) -> SessionItem | None:
        if not session_key:
            return None
        try:
            item = SessionItem.get(session_pk(session_key), SK, consistent_read=True)
        except DoesNotExist:
            return None
        return item if item.is_live() else None

    def load(self) -> dict:
        item = self._fetch(self._session_key)
        if item is None:
            self._session_key = None
            return {}
        return self.decode(item.data)

    def exists(self, session_key: str) -> bool:
        return self._fetch(session_key) is not None

    def create(self) -> None:
        while True:
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue  # key collision with a live session: draw another
            self.modified = True
            return

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        key = self._get_or_create_session_key()
        item = SessionItem(
            session_pk(key),
            SK,
            data=self.encode(data),
            expires_at=self.get_expiry_date(),
        )
        now = datetime.now(UTC)
        if must_create:
            # A key may be reused only if no live session holds it.
            condition = SessionItem.pk.does_not_exist() | (SessionItem.expires_at < now)
        else:
            # Never resurrect a session that was deleted (logout) or has expired meanwhile.
            condition = SessionItem.pk.exists() & (SessionItem.expires_at > now)
        try:
            item.save(condition=condition)
        except PutError as exc:
            if not _is_condition_failure(exc):
                raise
            raise (CreateError if must_create else UpdateError) from exc
        for user_id in sorted(subjects_of(data)):  # so an erasure finds this session (privacy)
            session_links.link(user_id, key, item.expires_at).save()

    def delete(self, session_key: str | None = None) -> None:
        key = session_key or self.session_key
        if key is None:
            return
        SessionItem(session_pk(key), SK).delete()

    @classmethod
    def clear_expired(cls) -> None:
        """Nothing to do: the table's TTL removes expired items, and reads ignore them until then."""


def _is_condition_failure(exc: PutError) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"
