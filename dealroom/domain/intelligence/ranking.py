"""Ranking the next best actions. Pure Python.

Every rule proposes candidates with a priority; the ranking is by priority, then by the order the rules are
listed in (so it is stable), keeping one action per kind and role.
"""
from __future__ import annotations

from typing import Optional

from dealroom.domain.intelligence import closing, committee, qualification
from dealroom.domain.intelligence.actions import NextBestAction, Rule
from dealroom.domain.intelligence.churn import ChurnRisk
from dealroom.domain.intelligence.snapshot import DealSnapshot

MAX_ACTIONS = 5
RULES: tuple[Rule, ...] = (*closing.RULES, *committee.RULES, *qualification.RULES)


def next_best_actions(*, snapshot: DealSnapshot, churn: Optional[ChurnRisk] = None,
                      limit: int = MAX_ACTIONS) -> tuple[NextBestAction, ...]:
    candidates = [action for rule in RULES for action in rule(snapshot, churn)]
    ranked = sorted(enumerate(candidates), key=lambda pair: (-pair[1].priority, pair[0]))
    chosen: list[NextBestAction] = []
    for _, action in ranked:
        if not any(a.kind == action.kind and a.role == action.role for a in chosen):
            chosen.append(action)
    if not chosen:
        chosen.append(keep_momentum(snapshot))
    return tuple(chosen[:limit])


def keep_momentum(s: DealSnapshot) -> NextBestAction:
    return NextBestAction(
        kind="keep_momentum", title="Keep momentum: confirm the next meeting and its agenda with the champion",
        reason="Nothing is blocking the deal right now; a dated next step keeps it that way.",
        evidence=(f"stage {s.stage}", f"{len(s.approved_roles)}/{len(s.required_roles)} approvals on version "
                                      f"{s.quote_version}"),
        priority=10, role="champion")
