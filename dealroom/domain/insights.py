"""Deal insights as the deal room keeps them: the latest result per deal with its provenance, and the
follow-up drafts staff edit. Pure Python.

A stored result says which inputs it was computed from (`InputsMark`: the deal's event sequence and its
order's version), so a burst of changes read late in the stream recomputes once; `revision` moves by one on
every stored generation and orders the staff channel's messages."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Optional

from dealroom.domain.deals import ROLE_LABELS
from dealroom.domain.intelligence import (
    ChurnRisk,
    DealScore,
    Factor,
    FollowUpDraft,
    Insights,
    NextBestAction,
    TalkingPoint,
)

DRAFT_TRIGGERS = ("paid", "fully_approved")
TRIGGER_LABELS = {"paid": "After payment", "fully_approved": "After every approval"}


@dataclass(frozen=True)
class InputsMark:
    """What a result was computed from: the deal's last event and its order's version (0: no order)."""

    deal_seq: int
    order_version: int = 0


@dataclass(frozen=True)
class Provenance:
    """Who wrote the insights and what it cost (dealroom.intelligence.provider.InsightResult's record)."""

    provider: str  # "engine" or "bedrock"
    requested_provider: str
    model_id: Optional[str] = None
    prompt_hash: Optional[str] = None
    latency_ms: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: int = 0  # micro-USD
    fell_back: bool = False
    fallback_reason: Optional[str] = None
    detail: str = ""


@dataclass(frozen=True)
class StoredInsights:
    deal_id: str
    revision: int
    insights: Insights
    provenance: Provenance
    inputs: InputsMark
    account_name: str
    stage: str
    computed_at: int  # epoch seconds

    @property
    def score(self) -> int:
        return self.insights.score.value

    @property
    def band(self) -> str:
        return self.insights.score.band

    @property
    def open(self) -> bool:
        """Still to be won: not closed and not paid (a closed deal's score is 0 or 100)."""
        return self.stage not in ("closed_won", "closed_lost") and 0 < self.score < 100

    @property
    def top_action(self) -> Optional[NextBestAction]:
        return self.insights.actions[0] if self.insights.actions else None


@dataclass(frozen=True)
class Draft:
    """A follow-up email for a person to read, edit and send; Quorum never sends it."""

    deal_id: str
    trigger: str  # one of DRAFT_TRIGGERS
    ref: str  # what it follows: "v<quote version>" once approved, the order id once paid
    subject: str
    body: str
    to_roles: tuple[str, ...]
    provider: str  # who wrote the current text: "engine", "bedrock" or "staff"
    generated_at: int
    edited_by: Optional[str] = None
    edited_at: Optional[int] = None
    version: int = 1  # moves on every edit or regeneration (pinned by the form)

    @property
    def key(self) -> str:
        return f"{self.trigger}:{self.ref}"

    @property
    def label(self) -> str:
        return TRIGGER_LABELS.get(self.trigger, self.trigger)

    @property
    def to_labels(self) -> tuple[str, ...]:
        return tuple(ROLE_LABELS.get(r, r) for r in self.to_roles)


def draft_ref(*, trigger: str, quote_version: int, order_id: Optional[str]) -> str:
    if trigger == "paid":
        if not order_id:
            raise ValueError("a payment draft needs the order it follows")
        return order_id
    if trigger == "fully_approved":
        return f"v{quote_version}"
    raise ValueError(f"trigger must be one of {', '.join(DRAFT_TRIGGERS)}")


def draft_key(key: str) -> tuple[str, str]:
    """"paid:o123" -> ("paid", "o123"); ValueError for anything else."""
    trigger, _, ref = key.partition(":")
    if trigger not in DRAFT_TRIGGERS or not ref or len(ref) > 80:
        raise ValueError("not a draft key")
    return trigger, ref


def draft_from(follow_up: FollowUpDraft, *, deal_id: str, ref: str, provider: str, now: int) -> Draft:
    return Draft(deal_id=deal_id, trigger=follow_up.trigger, ref=ref, subject=follow_up.subject,
                 body=follow_up.body, to_roles=tuple(follow_up.to_roles), provider=provider, generated_at=now)


# --- Insights <-> plain data (stored as JSON) ------------------------------------------------------------

def insights_from_dict(data: Mapping[str, Any]) -> Insights:
    """The inverse of Insights.as_dict()."""
    score = data["score"]
    churn = data.get("churn")
    return Insights(
        deal_id=data["deal_id"], generated_at=int(data["generated_at"]),
        score=DealScore(int(score["value"]), score["band"], tuple(Factor(f["label"], int(f["points"]), f["detail"])
                                                                   for f in score["factors"])),
        actions=tuple(NextBestAction(kind=a["kind"], title=a["title"], reason=a["reason"],
                                     evidence=tuple(a["evidence"]), priority=int(a["priority"]), role=a.get("role"))
                      for a in data["actions"]),
        talking_points=tuple(TalkingPoint(objection=p["objection"], response=p["response"],
                                          grounded_in=tuple(p["grounded_in"])) for p in data["talking_points"]),
        drafts=tuple(FollowUpDraft(trigger=d["trigger"], subject=d["subject"], body=d["body"],
                                   to_roles=tuple(d["to_roles"])) for d in data["drafts"]),
        churn=None if churn is None else ChurnRisk(int(churn["score"]), churn["level"], tuple(churn["reasons"])),
        engine_version=str(data.get("engine_version", "1")),
    )
