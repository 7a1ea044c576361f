"""`deal.scored`: a deal's score (chance to close) moved. Derived from committed changes of the deal's stored
insights (DEAL#<id> / INSIGHTS; the table's stream is its outbox), as commerce derives order events from
order changes. Never written to the deal's log: every field is STAFF, and members never see a score.

A subscriber (the CRM fan-out) registers a stream handler on the entity "DealInsights" and calls
`score_change(change.old, change.new)`; its id for deduplication is `deal.scored:<deal_id>:<revision>`.
Pure Python."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Optional

from commerce.domain.events import STAFF, Event, seen_by
from dealroom.domain.insights import StoredInsights

SOURCE = "quorum.dealroom"


@dataclass(frozen=True)
class DealScored(Event):
    """A deal's score (chance to close, 0-100) was computed for the first time or moved, with its factors and
    the next best action. Staff and vendors only (Gong, Clari): never a committee member."""

    SOURCE: ClassVar[str] = SOURCE
    TYPE = "deal.scored"
    LABEL = "deal scored"
    DETAIL_TYPE = "Deal Scored"
    deal_id: str = seen_by(STAFF)
    account_name: str = seen_by(STAFF)
    stage: str = seen_by(STAFF)
    score: int = seen_by(STAFF)
    band: str = seen_by(STAFF)
    revision: int = seen_by(STAFF)  # the stored insights' revision: unique per deal, increasing
    scored_at: int = seen_by(STAFF)  # epoch seconds
    provider: str = seen_by(STAFF)  # "engine" or "bedrock" (the score itself is always the engine's)
    previous_score: Optional[int] = seen_by(STAFF, default=None)
    previous_band: Optional[str] = seen_by(STAFF, default=None)
    factors: tuple[dict[str, Any], ...] = seen_by(STAFF, default=())  # {"label", "points", "detail"}
    top_action: Optional[str] = seen_by(STAFF, default=None)
    top_action_kind: Optional[str] = seen_by(STAFF, default=None)

    def summary(self) -> str:
        was = f" (was {self.previous_score})" if self.previous_score is not None else ""
        return f"Deal score {self.score}{was}"

    @property
    def event_id(self) -> str:
        """Unique per event: a consumer deduplicates on it (stream redeliveries carry the same one)."""
        return f"{self.TYPE}:{self.deal_id}:{self.revision}"


def score_change(old: Optional[StoredInsights], new: Optional[StoredInsights]) -> Optional[DealScored]:
    """The event a committed change of a deal's insights makes: the first score, or a score that moved
    (None when the score is what it was, e.g. new wording from the model, or the item was removed)."""
    if new is None:
        return None
    if old is not None and old.score == new.score:
        return None
    top = new.top_action
    return DealScored(
        deal_id=new.deal_id, account_name=new.account_name, stage=new.stage, score=new.score, band=new.band,
        revision=new.revision, scored_at=new.computed_at, provider=new.provenance.provider,
        previous_score=old.score if old is not None else None, previous_band=old.band if old is not None else None,
        factors=tuple({"label": f.label, "points": f.points, "detail": f.detail}
                      for f in new.insights.score.factors),
        top_action=top.title if top else None, top_action_kind=top.kind if top else None)
