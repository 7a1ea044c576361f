"""The admin's audit log: who changed what, when, with the values before and after.

Writes add `audit_add(u, ...)` to the same unit of work as the change they describe, so the log never
claims a change that did not happen, nor misses one that did."""
from __future__ import annotations

from typing import Any, Optional

from commerce import clock
from commerce.domain.audit import AuditEntry
from commerce.persistence.uow import UnitOfWork, apply, unit_of_work
from commerce.services.pagination import Page, clamp_limit, decode_cursor, encode_cursor

__all__ = ["AuditEntry", "audit_add", "audit_list", "audit_record"]


def audit_add(u: UnitOfWork, *, actor: str, action: str, target_type: str, target_id: str, before: Any = None,
              after: Any = None, reason: Optional[str] = None) -> None:
    now_ms = clock.now_ms()
    u.audit.add(AuditEntry(actor=actor, action=action, target_type=target_type, target_id=target_id, before=before,
                           after=after, reason=reason, at=now_ms // 1000), at_ms=now_ms)


def audit_record(**fields: Any) -> None:
    """An entry on its own, for a write that cannot share its transaction (one made at Stripe, say)."""
    apply(lambda u: audit_add(u, **fields))


def audit_list(*, cursor: Optional[str] = None, limit: Optional[int] = None, actor: str = "",
               target_type: str = "", target_id: str = "") -> Page[AuditEntry]:
    """Newest first: the whole log, or one thing's history (GSI1); optionally one actor's entries."""
    limit = clamp_limit(limit, default=50)
    target = (target_type, target_id) if target_type and target_id else None
    items, last = unit_of_work().audit.newest(actor=actor.strip().lower(), target=target,
                                              start=decode_cursor(cursor), limit=limit)
    return Page(items=items, next_cursor=encode_cursor(last))
