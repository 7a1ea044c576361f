"""What the intelligence engine reads: a deal at one instant, as plain values. Pure Python.

Nothing here holds an email address, a phone number, a link or a token: a snapshot is safe to hand to a
provider once its free text is scrubbed (dealroom.intelligence.prompt does that).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Optional

from dealroom.domain.deals import MEDDPICC, ROLES, STAGES

DAY = 86400

PAYMENT_STATES = ("none", "checkout_open", "invoice_open", "paid", "failed", "expired", "refunded")
SUBSCRIPTION_STATUSES = ("trialing", "active", "past_due", "unpaid", "incomplete", "canceled")


@dataclass(frozen=True)
class RoleEngagement:
    """One committee role as the room sees it. `quiet_days` counts from the latest sign of life of any holder
    (joining, a view, an action), or from the deal's creation when nobody holds the role."""

    role: str
    holders: int
    quiet_days: float
    views: int = 0
    actions: int = 0

    @property
    def present(self) -> bool:
        return self.holders > 0


@dataclass(frozen=True)
class PaymentState:
    state: str = "none"  # one of PAYMENT_STATES
    method: Optional[str] = None  # "card" or "invoice"
    amount: int = 0  # minor units of the order, when there is one
    days_overdue: int = 0  # an open invoice past its due date

    def __post_init__(self) -> None:
        if self.state not in PAYMENT_STATES:
            raise ValueError(f"payment state must be one of {', '.join(PAYMENT_STATES)}")


@dataclass(frozen=True)
class SubscriptionHealth:
    """A paying subscription customer's signals (Stripe's status, failed invoices, seats over time)."""

    status: str = "active"  # one of SUBSCRIPTION_STATUSES
    failed_payments: int = 0  # failed invoice payments in the last 90 days
    cancel_at_period_end: bool = False
    seats: int = 0
    seats_peak: int = 0  # the most seats held in the last 90 days
    days_to_renewal: Optional[int] = None

    def __post_init__(self) -> None:
        if self.status not in SUBSCRIPTION_STATUSES:
            raise ValueError(f"subscription status must be one of {', '.join(SUBSCRIPTION_STATUSES)}")


@dataclass(frozen=True)
class DealSnapshot:
    deal_id: str
    account_name: str
    stage: str  # dealroom.domain.deals.STAGES
    days_in_stage: float
    age_days: float
    currency: str
    expected_value: int  # minor units
    meddpicc: Mapping[str, str]  # field -> text, every MEDDPICC field present ("" when unknown)
    roles: tuple[RoleEngagement, ...]  # one per committee role (all of ROLES)
    required_roles: tuple[str, ...]
    quote_version: int
    approved_roles: tuple[str, ...]  # required roles that approved the current version
    stale_approvals: tuple[str, ...]  # roles whose approval was on an earlier version, not yet renewed
    last_activity_days: Optional[float]  # None: nothing happened in the room yet
    payment: PaymentState = field(default_factory=PaymentState)
    subscription: Optional[SubscriptionHealth] = None
    internal_notes: str = ""
    silent_after_days: int = 5
    now: int = 0  # epoch seconds

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f"stage must be one of {', '.join(STAGES)}")
        unknown = ({r.role for r in self.roles} | set(self.required_roles)) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown role(s): {', '.join(sorted(unknown))}")
        object.__setattr__(self, "meddpicc", MappingProxyType({f: str(self.meddpicc.get(f) or "") for f in MEDDPICC}))

    def role(self, name: str) -> RoleEngagement:
        for engagement in self.roles:
            if engagement.role == name:
                return engagement
        return RoleEngagement(role=name, holders=0, quiet_days=self.age_days)

    def silent(self, name: str) -> bool:
        """A role is silent once nobody holding it showed a sign of life for `silent_after_days`."""
        return self.role(name).quiet_days >= self.silent_after_days

    def known(self, meddpicc_field: str) -> str:
        return (self.meddpicc.get(meddpicc_field) or "").strip()

    @property
    def missing_approvals(self) -> tuple[str, ...]:
        return tuple(r for r in self.required_roles if r not in self.approved_roles)

    @property
    def fully_approved(self) -> bool:
        """As Deal.ready: every required role approved the current version (true when none is required)."""
        return not self.missing_approvals

    @property
    def closed(self) -> bool:
        return self.stage in ("closed_won", "closed_lost")
