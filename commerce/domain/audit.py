"""The admin's audit log: who changed what, when, with the values before and after. Pure Python."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


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
