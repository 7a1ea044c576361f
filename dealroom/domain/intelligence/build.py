"""Build a DealSnapshot from the deal room's domain objects. Pure: the caller loads them.

The lead's services read the deal, its members, the quote's version and the deal's order (and, for
subscriptions, Stripe's view of them) and call `snapshot_from`. Members' emails and names are not copied.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

from commerce.domain.orders import (
    CANCELED,
    EXPIRED,
    FULFILLED,
    PAID,
    PARTIALLY_REFUNDED,
    PENDING_PAYMENT,
    REFUNDED,
    Order,
)
from dealroom.domain.deals import ROLES, Deal, Member
from dealroom.domain.intelligence.snapshot import (
    DAY,
    SUBSCRIPTION_STATUSES,
    DealSnapshot,
    PaymentState,
    RoleEngagement,
    SubscriptionHealth,
)


def role_engagement(*, role: str, members: Iterable[Member], since: int, now: int) -> RoleEngagement:
    holders = [m for m in members if m.role == role]
    last = max([since, *(max(m.joined_at, m.last_seen_at) for m in holders)])
    return RoleEngagement(role=role, holders=len(holders), quiet_days=max(0.0, (now - last) / DAY),
                          views=sum(m.views for m in holders), actions=sum(m.actions for m in holders))


def payment_state(*, order: Optional[Order], now: int) -> PaymentState:
    if order is None:
        return PaymentState()
    method = order.payment.method
    amount = order.total.amount
    if order.status in (PAID, FULFILLED, PARTIALLY_REFUNDED):
        return PaymentState(state="paid", method=method, amount=amount)
    if order.status == REFUNDED:
        return PaymentState(state="refunded", method=method, amount=amount)
    if order.status in (CANCELED, EXPIRED):
        return PaymentState(state="expired", method=method, amount=amount)
    assert order.status == PENDING_PAYMENT
    if order.payment.last_error:
        return PaymentState(state="failed", method=method, amount=amount)
    if method == "invoice":
        due = order.payment.invoice_due
        overdue = max(0, (now - due) // DAY) if due else 0
        return PaymentState(state="invoice_open", method=method, amount=amount, days_overdue=int(overdue))
    return PaymentState(state="checkout_open", method=method, amount=amount)


# Stripe's statuses the engine does not name, as the engine reads them
_STATUS = {"incomplete_expired": "canceled", "paused": "unpaid"}


def subscription_health(*, status: str, cancel_at_period_end: bool, current_period_end: Optional[int],
                        seats: int, now: int) -> SubscriptionHealth:
    """A deal's subscription as the churn rules read it, from Quorum's copy of Stripe's (status, period,
    cancellation) and the order's seats. Failed payments and the seat history are not recorded per
    subscription, so they count 0 and the seats of the order."""
    mapped = _STATUS.get(status, status)
    days_left = max(0, (current_period_end - now) // DAY) if current_period_end else None
    return SubscriptionHealth(status=mapped if mapped in SUBSCRIPTION_STATUSES else "active",
                              cancel_at_period_end=cancel_at_period_end, seats=seats, seats_peak=seats,
                              days_to_renewal=int(days_left) if days_left is not None else None)


def snapshot_from(
    deal: Deal,
    members: Iterable[Member],
    *,
    quote_version: int,
    now: int,
    stage_entered_at: Optional[int] = None,
    order: Optional[Order] = None,
    subscription: Optional[SubscriptionHealth] = None,
    silent_after_days: int = 5,
) -> DealSnapshot:
    """`stage_entered_at` comes from the deal's log (the last stage change); the deal's creation otherwise."""
    people = list(members)
    current = deal.approvals_for(quote_version)
    approved = tuple(r for r in deal.required_roles if r in current)
    stale = tuple(r for r, a in deal.approvals.items()
                  if r not in current and int(a.get("quote_version") or 0) < quote_version)
    return DealSnapshot(
        deal_id=deal.id,
        account_name=deal.account_name,
        stage=deal.stage,
        days_in_stage=max(0.0, (now - (stage_entered_at or deal.created_at)) / DAY),
        age_days=max(0.0, (now - deal.created_at) / DAY),
        currency=deal.currency,
        expected_value=deal.expected_value,
        meddpicc={k: str(v or "") for k, v in deal.meddpicc.items()},
        roles=tuple(role_engagement(role=r, members=people, since=deal.created_at, now=now) for r in ROLES),
        required_roles=tuple(deal.required_roles),
        quote_version=quote_version,
        approved_roles=approved,
        stale_approvals=stale,
        last_activity_days=(now - deal.last_activity_at) / DAY if deal.last_activity_at else None,
        payment=payment_state(order=order, now=now),
        subscription=subscription,
        internal_notes=deal.internal_notes,
        silent_after_days=silent_after_days,
        now=now,
    )
