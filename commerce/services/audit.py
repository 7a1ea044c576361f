"""The admin's audit log: who changed what, when, with the values before and after.

Writes add `audit_entry(...)` to the same transaction as the change they describe, so the log never
claims a change that did not happen, nor misses one that did."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any, Optional

from commerce import clock
from commerce.persistence import table
from commerce.persistence.staff import AUDIT_PK, AuditItem, audit_target_pk
from commerce.services.pagination import Page, clamp_limit, decode_cursor, encode_cursor


@dataclass(frozen=True)
class AuditEntry:
    actor: str
    action: str
    target_type: str
    target_id: str
    before: Any
    after: Any
    reason: Optional[str]
    at: int


def audit_entry(*, actor: str, action: str, target_type: str, target_id: str, before: Any = None,
                after: Any = None, reason: Optional[str] = None) -> AuditItem:
    now_ms = clock.now_ms()
    sort_key = f"{now_ms:015d}#{uuid.uuid4().hex[:12]}"
    return AuditItem(
        AUDIT_PK, sort_key, actor=actor, action=action, target_type=target_type, target_id=target_id,
        before=json.dumps(before, sort_keys=True, default=str) if before is not None else None,
        after=json.dumps(after, sort_keys=True, default=str) if after is not None else None,
        reason=reason, at=now_ms // 1000,
        gsi1pk=audit_target_pk(target_type, target_id), gsi1sk=sort_key,
    )


def audit_record(**fields) -> None:
    """An entry on its own, for a write that cannot share its transaction (one made at Stripe, say)."""
    audit_entry(**fields).save()


def _to_entry(item: AuditItem) -> AuditEntry:
    return AuditEntry(actor=item.actor, action=item.action, target_type=item.target_type, target_id=item.target_id,
                      before=json.loads(item.before) if item.before else None,
                      after=json.loads(item.after) if item.after else None, reason=item.reason, at=int(item.at))


def audit_list(*, cursor: Optional[str] = None, limit: Optional[int] = None, actor: str = "",
               target_type: str = "", target_id: str = "") -> Page[AuditEntry]:
    """Newest first: the whole log, or one thing's history (GSI1); optionally one actor's entries."""
    limit = clamp_limit(limit, default=50)
    start = decode_cursor(cursor)
    filter_condition = (AuditItem.actor == actor.strip().lower()) if actor.strip() else None
    if target_type and target_id:
        query = AuditItem.gsi1.query(audit_target_pk(target_type, target_id), scan_index_forward=False,
                                     filter_condition=filter_condition, limit=limit, last_evaluated_key=start,
                                     page_size=limit)
    else:
        query = AuditItem.query(AUDIT_PK, scan_index_forward=False, filter_condition=filter_condition, limit=limit,
                                last_evaluated_key=start, page_size=limit)
    items = list(query)
    last = query.last_evaluated_key
    if last and target_type and target_id and table.GSI1_PK not in last:
        last = None
    return Page(items=[_to_entry(i) for i in items], next_cursor=encode_cursor(last) if len(items) == limit else None)
