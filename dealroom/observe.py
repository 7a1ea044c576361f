"""Deal changes as X-Ray subsegments and metrics, so "where do committees stall" can be asked of X-Ray:
a stage change is a `deal.stage_transition` (annotated with the stage entered, the one left and the days
spent in it), an approval a `deal.approval` (role, stage, quote version, whether the deal is now ready),
any other change a `deal.change`. Each spans the change's one transaction and ends with its outcome
(committed, replanned after a concurrent change, refused). Search them with filter expressions such as
`annotation.previous_stage = "negotiation" AND annotation.days_in_previous_stage > 14`."""
from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Optional

from commerce.domain.events import Event
from config.observability import metrics, tracing
from dealroom.domain.deals import Deal
from dealroom.domain.events import ApprovalGiven, DealUpdated

DAY = 86_400


def is_stage_change(event: Event) -> bool:
    return isinstance(event, DealUpdated) and bool(event.stage) and event.stage != event.previous_stage


def change_span(deal: Deal, event: Event, *, now: int) -> AbstractContextManager[tracing.Span]:
    if is_stage_change(event):
        assert isinstance(event, DealUpdated)
        days: Optional[float] = round((now - deal.stage_changed_at) / DAY, 2) if deal.stage_changed_at else None
        return tracing.span("deal.stage_transition", deal_id=deal.id, stage=event.stage,
                            previous_stage=event.previous_stage, days_in_previous_stage=days)
    if isinstance(event, ApprovalGiven):
        return tracing.span("deal.approval", deal_id=deal.id, stage=deal.stage, role=event.role,
                            quote_version=event.quote_version, ready=event.ready)
    return tracing.span("deal.change", deal_id=deal.id, stage=deal.stage, event_type=event.TYPE)


def committed(event: Event) -> None:
    if is_stage_change(event):
        assert isinstance(event, DealUpdated) and event.stage
        metrics.count(metrics.DEAL_STAGE_CHANGES, stage=event.stage)
