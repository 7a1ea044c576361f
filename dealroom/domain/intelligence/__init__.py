"""Deal intelligence, the deterministic engine: pure domain (no django, boto3, stripe or I/O).

    snapshot = snapshot_from(deal, members, quote_version=cart.version, now=clock.now(), order=order)
    insights = deal_insights(snapshot=snapshot)
"""
from dealroom.domain.intelligence.actions import NextBestAction
from dealroom.domain.intelligence.build import snapshot_from
from dealroom.domain.intelligence.churn import ChurnRisk, churn_risk
from dealroom.domain.intelligence.drafts import FollowUpDraft, draft_triggers, follow_up_draft
from dealroom.domain.intelligence.engine import ENGINE_VERSION, Insights, deal_insights
from dealroom.domain.intelligence.score import DealScore, Factor, band, deal_score
from dealroom.domain.intelligence.snapshot import DealSnapshot, PaymentState, RoleEngagement, SubscriptionHealth
from dealroom.domain.intelligence.talking_points import TalkingPoint

__all__ = [
    "ENGINE_VERSION", "ChurnRisk", "DealScore", "DealSnapshot", "Factor", "FollowUpDraft", "Insights",
    "NextBestAction", "PaymentState", "RoleEngagement", "SubscriptionHealth", "TalkingPoint", "band", "churn_risk",
    "deal_insights", "deal_score", "draft_triggers", "follow_up_draft", "snapshot_from",
]
