"""Churn risk for subscription customers: failed payments, cancellations, seat reductions. Pure Python."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from dealroom.domain.intelligence.snapshot import SubscriptionHealth
from dealroom.domain.intelligence.wording import count, days

LEVELS = ((60, "high"), (30, "medium"), (1, "low"), (0, "none"))


@dataclass(frozen=True)
class ChurnRisk:
    score: int  # 0..100
    level: str  # none, low, medium, high
    reasons: tuple[str, ...]


def churn_risk(*, subscription: Optional[SubscriptionHealth]) -> Optional[ChurnRisk]:
    """None for a deal that is not a subscription."""
    if subscription is None:
        return None
    sub = subscription
    if sub.status == "canceled":
        return ChurnRisk(100, "high", ("the subscription is canceled",))
    points: list[tuple[int, str]] = []
    if sub.cancel_at_period_end:
        renewal = f" in {days(sub.days_to_renewal)}" if sub.days_to_renewal is not None else ""
        points.append((70, f"set to cancel at the end of the period{renewal}"))
    if sub.status in ("past_due", "unpaid", "incomplete"):
        points.append((35, f"Stripe status is {sub.status.replace('_', ' ')}"))
    if sub.failed_payments:
        points.append((min(45, 15 * sub.failed_payments),
                       f"{count(sub.failed_payments, 'failed payment')} in the last 90 days"))
    if sub.seats_peak > sub.seats > 0 or (sub.seats_peak and sub.seats == 0):
        drop = (sub.seats_peak - sub.seats) / sub.seats_peak
        points.append((round(50 * drop), f"seats down from {sub.seats_peak} to {sub.seats} ({drop:.0%})"))
    if points and sub.days_to_renewal is not None and sub.days_to_renewal <= 30 and not sub.cancel_at_period_end:
        points.append((10, f"renewal in {days(sub.days_to_renewal)}"))
    score = min(100, sum(p for p, _ in points))
    level = next(name for floor, name in LEVELS if score >= floor)
    return ChurnRisk(score, level, tuple(reason for _, reason in points) or ("no churn signal",))
