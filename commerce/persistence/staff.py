"""Sign-in throttling and the admin's audit log on the single table.

THROTTLE#<scope>#<key> / <window>: failed sign-ins in one fixed window, per account and per address (an
atomic ADD; TTL removes old windows). AUDIT / <ms>#<id>: every write made from the admin, newest last;
GSI1 AUDIT#<target type>#<target id> / same sort key: one thing's history.
"""
from __future__ import annotations

import json
import uuid
from typing import Any, Optional

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce import clock
from commerce.domain.audit import AuditEntry
from commerce.persistence import keys, table
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction


class ThrottleItem(TableItem, discriminator="Throttle"):
    failures = NumberAttribute(default=0)


class AuditItem(TableItem, discriminator="Audit"):
    actor = UnicodeAttribute()  # staff email
    action = UnicodeAttribute()  # e.g. stock.adjust, stripe_event.replay
    target_type = UnicodeAttribute()
    target_id = UnicodeAttribute()
    before = UnicodeAttribute(null=True)  # JSON
    after = UnicodeAttribute(null=True)  # JSON
    reason = UnicodeAttribute(null=True)
    at = NumberAttribute()  # epoch seconds

    def to_domain(self) -> AuditEntry:
        return AuditEntry(actor=self.actor, action=self.action, target_type=self.target_type,
                          target_id=self.target_id, before=json.loads(self.before) if self.before else None,
                          after=json.loads(self.after) if self.after else None, reason=self.reason, at=int(self.at))


class ThrottleStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def failures(self, *, scope: str, key: str, window_start: int) -> int:
        try:
            return int(ThrottleItem.get(keys.throttle_pk(scope, key), keys.throttle_sk(window_start),
                                        consistent_read=True).failures)
        except DoesNotExist:
            return 0

    def take(self, *, scope: str, key: str, window_start: int, limit: int, keep_until: int) -> None:
        """Count one more in this window, refused (label `throttle:<scope>`) once `limit` are counted."""
        self.tx.update(ThrottleItem(keys.throttle_pk(scope, key), keys.throttle_sk(window_start)), [
            ThrottleItem.failures.add(1), ThrottleItem.expires_at.set(clock.ttl(keep_until))],
            condition=ThrottleItem.failures.does_not_exist() | (ThrottleItem.failures < limit),
            label=f"throttle:{scope}")

    def windows(self, *, scope: str, key: str) -> list[int]:
        """The windows still counted for one scope and key (e.g. failed sign-ins of one email)."""
        # counters are made by an atomic ADD, which writes no discriminator: read the partition's raw keys
        # (one page: a key has a handful of windows, each kept an hour after it ends)
        page = ThrottleItem._get_connection().query(keys.throttle_pk(scope, key), consistent_read=True)
        return [int(raw[table.SK]["S"]) for raw in page.get("Items", [])]

    def remove(self, *, scope: str, key: str, window_start: int) -> None:
        self.tx.delete(ThrottleItem(keys.throttle_pk(scope, key), keys.throttle_sk(window_start)),
                       label=f"throttle:{scope}")

    def add_failure(self, *, scope: str, key: str, window_start: int, keep_until: int) -> None:
        self.tx.update(ThrottleItem(keys.throttle_pk(scope, key), keys.throttle_sk(window_start)), [
            ThrottleItem.failures.add(1), ThrottleItem.expires_at.set(clock.ttl(keep_until))],
            label=f"throttle:{scope}")


def _json(value: Any) -> Optional[str]:
    return json.dumps(value, sort_keys=True, default=str) if value is not None else None


class AuditStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def add(self, entry: AuditEntry, *, at_ms: int, label: str = "audit") -> None:
        """Written in the same transaction as the change it records."""
        sort_key = keys.audit_sk(at_ms, uuid.uuid4().hex[:12])
        self.tx.put(AuditItem(
            keys.AUDIT_PK, sort_key, actor=entry.actor, action=entry.action, target_type=entry.target_type,
            target_id=entry.target_id, before=_json(entry.before), after=_json(entry.after), reason=entry.reason,
            at=entry.at, gsi1pk=keys.audit_target_pk(entry.target_type, entry.target_id), gsi1sk=sort_key,
        ), label=label)

    def about(self, target: tuple[str, str]) -> list[tuple[str, AuditEntry]]:
        """One thing's whole history (GSI1), each entry with its sort key (to rewrite it)."""
        query = AuditItem.gsi1.query(keys.audit_target_pk(*target))
        return [(item.sk, item.to_domain()) for item in query]

    def older_than(self, at_ms: int, *, limit: int) -> list[str]:
        """Sort keys of the oldest entries written before `at_ms` (the log is one time-ordered partition)."""
        query = AuditItem.query(keys.AUDIT_PK, AuditItem.sk < keys.audit_sk(at_ms, ""), limit=limit,
                                page_size=limit)
        return [item.sk for item in query]

    def remove(self, sort_key: str) -> None:
        self.tx.delete(AuditItem(keys.AUDIT_PK, sort_key), label="audit")

    def rewrite(self, sort_key: str, entry: AuditEntry) -> None:
        """An entry's values redacted in place (an erased person's email in an invitation's entry, say): who
        did what and when stays; refused (label `audit`) if the entry is gone."""
        self.tx.update(AuditItem(keys.AUDIT_PK, sort_key), [
            AuditItem.before.set(_json(entry.before)) if entry.before is not None else AuditItem.before.remove(),
            AuditItem.after.set(_json(entry.after)) if entry.after is not None else AuditItem.after.remove(),
            AuditItem.reason.set(entry.reason) if entry.reason else AuditItem.reason.remove()],
            condition=AuditItem.pk.exists(), label="audit")

    def newest(self, *, actor: str = "", target: Optional[tuple[str, str]] = None, start: Optional[dict] = None,
               limit: int) -> tuple[list[AuditEntry], Optional[dict]]:
        """Newest first: the whole log, or one thing's history (GSI1); optionally one actor's entries."""
        actor_filter = (AuditItem.actor == actor) if actor else None
        if target:
            query = AuditItem.gsi1.query(keys.audit_target_pk(*target), scan_index_forward=False,
                                         filter_condition=actor_filter, limit=limit, last_evaluated_key=start,
                                         page_size=limit)
        else:
            query = AuditItem.query(keys.AUDIT_PK, scan_index_forward=False, filter_condition=actor_filter,
                                    limit=limit, last_evaluated_key=start, page_size=limit)
        items = [item.to_domain() for item in query]
        last = query.last_evaluated_key
        if last and target and table.GSI1_PK not in last:
            last = None
        return items, (last if len(items) == limit else None)
