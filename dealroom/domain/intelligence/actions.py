"""A next best action: what the seller should do now, why, and the facts behind it. Pure Python.

Rules live by theme (committee, qualification, closing) and return candidates; ranking.py orders them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Optional

from dealroom.domain.intelligence.churn import ChurnRisk
from dealroom.domain.intelligence.snapshot import DealSnapshot


@dataclass(frozen=True)
class NextBestAction:
    kind: str  # a stable code, e.g. "silent_approver"
    title: str  # what to do, phrased for the seller
    reason: str  # why it matters now
    evidence: tuple[str, ...]  # the facts behind it
    priority: int  # higher first
    role: Optional[str] = None  # the committee role it is about, if one


Rule = Callable[[DealSnapshot, Optional[ChurnRisk]], list[NextBestAction]]
