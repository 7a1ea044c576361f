"""Deal insights, stored: recompute a deal's score, next best actions and talking points from what the deal
room holds, through the configured provider (the engine, or Bedrock with the engine as its fallback), and
keep the latest result with its provenance in DEAL#<id> / INSIGHTS. Called off the request path, from the
table's stream (dealroom.insights_stream).

Debounce: a result records the inputs it was computed from (the deal's last event seq and its order's
version). A change whose inputs the stored result already reflects recomputes nothing, so a burst of events
read late from the stream costs one recompute; the write is conditioned on the revision read, so two
concurrent recomputes never overwrite each other unseen (the later one plans again and, finding the inputs
covered, stops).

A `trigger` ("paid", "fully_approved") also writes that follow-up draft, once per thing it follows, in the
same transaction, audited; staff's later edits are never overwritten."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from django.conf import settings

from commerce import clock
from commerce.domain.orders import Order
from commerce.errors import InvalidInput
from commerce.persistence import retry
from commerce.persistence.transaction import TransactionCanceled
from commerce.services.audit import audit_add
from dealroom.domain.deals import Deal
from dealroom.domain.insights import (
    DRAFT_TRIGGERS,
    InputsMark,
    Provenance,
    StoredInsights,
    draft_from,
    draft_ref,
)
from dealroom.domain.intelligence import DealSnapshot, FollowUpDraft, draft_triggers, follow_up_draft, snapshot_from
from dealroom.domain.intelligence.build import subscription_health
from dealroom.domain.intelligence.snapshot import SubscriptionHealth
from dealroom.intelligence.config import ProviderConfig
from dealroom.intelligence.provider import InsightResult, deal_insights_metered
from dealroom.persistence.uow import DealUnitOfWork, unit_of_work
from dealroom.services.ai_usage import StoredUsageLedger

SYSTEM_ACTOR = "quorum:insights"  # the audit log's actor for generations nobody asked for by hand


@dataclass(frozen=True)
class DealInputs:
    deal: Deal
    order: Optional[Order]
    snapshot: DealSnapshot


def inputs_mark(deal: Deal, order: Optional[Order]) -> InputsMark:
    return InputsMark(deal_seq=deal.last_event_seq, order_version=order.version if order else 0)


def _subscription_of(u: DealUnitOfWork, order: Optional[Order], now: int) -> Optional[SubscriptionHealth]:
    """The deal's subscription (paid by a subscription Checkout), for churn risk; None for one-off orders."""
    subscription = u.billing.subscription(order.payment.subscription_id) if order and order.payment.subscription_id \
        else None
    if subscription is None or order is None:
        return None
    return subscription_health(status=subscription.status, cancel_at_period_end=subscription.cancel_at_period_end,
                               current_period_end=subscription.current_period_end,
                               seats=sum(line.quantity for line in order.lines), now=now)


def deal_inputs(u: DealUnitOfWork, deal: Deal, order: Optional[Order] = None) -> DealInputs:
    """The engine's snapshot of the deal as it stands (members, the quote's version, the order)."""
    if order is None and deal.order_id:
        order = u.orders.get(deal.order_id)
    cart = u.carts.get(deal.cart_id)
    now = clock.now()
    snapshot = snapshot_from(deal, u.members.of_deal(deal.id), quote_version=cart.version if cart else 0,
                             now=now, stage_entered_at=deal.stage_changed_at or None, order=order,
                             subscription=_subscription_of(u, order, now),
                             silent_after_days=settings.STALLED_AFTER_DAYS)
    return DealInputs(deal=deal, order=order, snapshot=snapshot)


def provenance_of(result: InsightResult) -> Provenance:
    return Provenance(provider=result.provider, requested_provider=result.requested_provider,
                      model_id=result.model_id, prompt_hash=result.prompt_hash, latency_ms=result.latency_ms,
                      input_tokens=result.input_tokens, output_tokens=result.output_tokens, cost=result.cost,
                      fell_back=result.fell_back, fallback_reason=result.fallback_reason, detail=result.detail)


def follow_up_of(result: InsightResult, snapshot: DealSnapshot, trigger: str) -> tuple[FollowUpDraft, str]:
    """The provider's draft for `trigger` when it wrote one, else the engine's; and who wrote it."""
    for draft in result.insights.drafts:
        if draft.trigger == trigger:
            return draft, result.provider
    return follow_up_draft(snapshot=snapshot, trigger=trigger), "engine"


def insights_get(*, deal_id: str) -> Optional[StoredInsights]:
    return unit_of_work().insights.get(deal_id)


def insights_refresh(*, deal_id: str, trigger: Optional[str] = None, force: bool = False,
                     config: Optional[ProviderConfig] = None, client: Any = None) -> Optional[StoredInsights]:
    """Recompute and store the deal's insights unless the stored ones already reflect its inputs (`force`
    recomputes anyway: time passed, or a member's silence ended). Returns what was stored (None: nothing)."""
    if trigger is not None and trigger not in DRAFT_TRIGGERS:
        raise InvalidInput(f"trigger must be one of {', '.join(DRAFT_TRIGGERS)}")

    def attempt() -> Optional[StoredInsights]:
        u = unit_of_work()
        deal = u.deals.get(deal_id)
        if deal is None:
            return None
        stored = u.insights.get(deal_id)
        order = u.orders.get(deal.order_id) if deal.order_id else None
        mark = inputs_mark(deal, order)
        if stored is not None and stored.inputs == mark and not force and trigger is None:
            return None  # debounced: this state is already scored
        inputs = deal_inputs(u, deal, order)
        result = deal_insights_metered(snapshot=inputs.snapshot, ledger=StoredUsageLedger(), config=config,
                                       client=client)
        now = clock.now()
        new = StoredInsights(deal_id=deal_id, revision=(stored.revision if stored else 0) + 1,
                             insights=result.insights, provenance=provenance_of(result), inputs=mark,
                             account_name=deal.account_name, stage=deal.stage, computed_at=now)
        u.insights.put(new, previous_revision=stored.revision if stored else None)
        if trigger is not None:
            _draft_once(u, inputs, result, trigger, now)
        try:
            u.commit()
        except TransactionCanceled as exc:
            if exc.conflict or exc.failed("insights") or exc.failed("draft"):
                raise retry.Replan() from None  # another recompute got there first: read again
            raise
        return new

    return retry.attempt(attempt, busy="the deal's insights are being recomputed; try again")


def _draft_once(u: DealUnitOfWork, inputs: DealInputs, result: InsightResult, trigger: str, now: int) -> None:
    """The trigger's draft, if the deal as read confirms the trigger and no draft follows the same thing yet."""
    snapshot = inputs.snapshot
    if trigger not in draft_triggers(snapshot=snapshot):
        return  # e.g. the quote changed again before the stream got here: that approval no longer stands
    ref = draft_ref(trigger=trigger, quote_version=snapshot.quote_version,
                    order_id=inputs.order.id if inputs.order else None)
    if u.drafts.get(deal_id=inputs.deal.id, trigger=trigger, ref=ref) is not None:
        return
    follow_up, provider = follow_up_of(result, snapshot, trigger)
    draft = draft_from(follow_up, deal_id=inputs.deal.id, ref=ref, provider=provider, now=now)
    u.drafts.add(draft)
    audit_add(u, actor=SYSTEM_ACTOR, action="insights.draft_generate", target_type="deal", target_id=inputs.deal.id,
              after={"draft": draft.key, "subject": draft.subject, "provider": provider,
                     "model_id": result.model_id if provider == "bedrock" else None,
                     "prompt_hash": result.prompt_hash if provider == "bedrock" else None},
              reason=f"{trigger.replace('_', ' ')}: drafted for staff to edit and send (never sent by Quorum)")


def insights_refresh_stale(*, older_than: int, limit: int = 500) -> int:
    """Recompute open deals whose insights are older than `older_than` seconds: silence grows with no event
    to say so (a scheduled run or `manage.py insights_refresh`). Returns how many were recomputed."""
    cutoff, done, start = clock.now() - older_than, 0, None
    while done < limit:
        page, start = unit_of_work().insights.ranked(open_only=True, descending=False, start=start, limit=100)
        for stored in page:
            if stored.computed_at < cutoff and done < limit and insights_refresh(deal_id=stored.deal_id, force=True):
                done += 1
        if start is None:
            return done
    return done
