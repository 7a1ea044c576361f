"""The deterministic intelligence engine: one call turns a DealSnapshot into Insights. Pure Python, no I/O.

Insights are the deal score (chance to close, with factors), the ranked next best actions, Challenger
talking points, follow-up drafts and, for subscriptions, churn risk. Same snapshot, same insights.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Optional

from dealroom.domain.intelligence.actions import NextBestAction
from dealroom.domain.intelligence.churn import ChurnRisk, churn_risk
from dealroom.domain.intelligence.drafts import FollowUpDraft, follow_up_drafts
from dealroom.domain.intelligence.ranking import next_best_actions
from dealroom.domain.intelligence.score import DealScore, deal_score
from dealroom.domain.intelligence.snapshot import DealSnapshot
from dealroom.domain.intelligence.talking_points import TalkingPoint, talking_points

ENGINE_VERSION = "1"


@dataclass(frozen=True)
class Insights:
    deal_id: str
    generated_at: int  # the snapshot's now (epoch seconds)
    score: DealScore
    actions: tuple[NextBestAction, ...]
    talking_points: tuple[TalkingPoint, ...]
    drafts: tuple[FollowUpDraft, ...]
    churn: Optional[ChurnRisk]
    engine_version: str = ENGINE_VERSION

    @property
    def top_action(self) -> NextBestAction:
        return self.actions[0]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (tuples become lists)."""
        return asdict(self)


def deal_insights(*, snapshot: DealSnapshot) -> Insights:
    churn = churn_risk(subscription=snapshot.subscription)
    return Insights(
        deal_id=snapshot.deal_id,
        generated_at=snapshot.now,
        score=deal_score(snapshot=snapshot),
        actions=next_best_actions(snapshot=snapshot, churn=churn),
        talking_points=talking_points(snapshot=snapshot),
        drafts=follow_up_drafts(snapshot=snapshot),
        churn=churn,
    )
