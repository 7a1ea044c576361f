"""The deal score: the chance to close, 0-100, with the factors that moved it. Pure Python.

Distinct from health (dealroom.domain.health), which grades how complete and lively the room is. The score
starts from the stage's base rate and each factor adds or takes points, saying why. An open deal stays
between 1 and 95; a paid or won deal scores 100, a lost or refunded one 0.
"""
from __future__ import annotations

from dataclasses import dataclass

from dealroom.domain.deals import MEDDPICC
from dealroom.domain.intelligence.snapshot import DealSnapshot
from dealroom.domain.intelligence.wording import count, days, field_name, label, listing

STAGE_BASE = {"discovery": 10, "evaluation": 25, "proposal": 40, "negotiation": 55, "closed_won": 100, "closed_lost": 0}
STAGE_EXPECTED_DAYS = {"discovery": 14, "evaluation": 21, "proposal": 14, "negotiation": 14}
BANDS = ((65, "high"), (35, "medium"), (0, "low"))


@dataclass(frozen=True)
class Factor:
    label: str
    points: int  # signed contribution to the score
    detail: str  # the evidence behind it


@dataclass(frozen=True)
class DealScore:
    value: int
    band: str
    factors: tuple[Factor, ...]


def band(value: int) -> str:
    return next(name for floor, name in BANDS if value >= floor)


def deal_score(*, snapshot: DealSnapshot) -> DealScore:
    s = snapshot
    if s.payment.state == "paid" or s.stage == "closed_won":
        why = f"paid by {s.payment.method or 'card'}" if s.payment.state == "paid" else "stage is closed won"
        return DealScore(100, "high", (Factor("Closed", 100, why),))
    if s.stage == "closed_lost" or s.payment.state == "refunded":
        why = "stage is closed lost" if s.stage == "closed_lost" else "the payment was refunded"
        return DealScore(0, "low", (Factor("Closed", 0, why),))
    factors = [Factor(f"Stage: {s.stage}", STAGE_BASE[s.stage], "base rate for deals at this stage"),
               _qualification(s), *_buyer_and_champion(s), *_approvals(s), *_momentum(s), *_payment(s)]
    value = max(1, min(95, sum(f.points for f in factors)))
    return DealScore(value, band(value), tuple(factors))


def _qualification(s: DealSnapshot) -> Factor:
    known = [f for f in MEDDPICC if s.known(f)]
    points = round(18 * len(known) / len(MEDDPICC)) - 10
    missing = [field_name(f) for f in MEDDPICC if f not in known]
    return Factor("MEDDPICC qualification", points,
                  f"{len(known)}/{len(MEDDPICC)} known" + (f"; missing {listing(missing)}" if missing else ""))


def _buyer_and_champion(s: DealSnapshot) -> list[Factor]:
    factors = []
    eb, champion = s.role("economic_buyer"), s.role("champion")
    if not eb.present:
        factors.append(Factor("Economic buyer absent", -10, "nobody in the room holds the economic buyer role"))
    elif s.silent("economic_buyer"):
        factors.append(Factor("Economic buyer silent", -4, f"no sign of life for {days(eb.quiet_days)}"))
    else:
        factors.append(Factor("Economic buyer engaged", 6, f"last sign of life {days(eb.quiet_days)} ago"))
    if not champion.present:
        factors.append(Factor("No champion", -6, "nobody in the room holds the champion role"))
    elif s.silent("champion"):
        factors.append(Factor("Champion quiet", -2, f"no sign of life for {days(champion.quiet_days)}"))
    else:
        factors.append(Factor("Active champion", 5, f"{champion.actions} action(s), {champion.views} view(s)"))
    return factors


def _approvals(s: DealSnapshot) -> list[Factor]:
    factors = []
    if s.required_roles:
        done = len(s.approved_roles)
        points = 18 if s.fully_approved else round(12 * done / len(s.required_roles))
        factors.append(Factor("Approvals on the current quote", points,
                              f"{done}/{len(s.required_roles)} required roles approved version {s.quote_version}"))
    if s.stale_approvals:
        factors.append(Factor("Quote changed after approvals", -min(10, 5 * len(s.stale_approvals)),
                              f"{count(len(s.stale_approvals), 'approval')} given on an earlier version "
                              f"({listing([label(r) for r in s.stale_approvals])})"))
    quiet = [r for r in s.missing_approvals if r != "economic_buyer" and (s.silent(r) or not s.role(r).present)]
    if quiet:
        factors.append(Factor("Required approvers silent or missing", -min(12, 4 * len(quiet)),
                              listing([label(r) for r in quiet])))
    return factors


def _momentum(s: DealSnapshot) -> list[Factor]:
    factors = []
    expected = STAGE_EXPECTED_DAYS.get(s.stage)
    if expected and s.days_in_stage > expected:
        overrun = s.days_in_stage / expected
        points = -15 if overrun > 3 else -10 if overrun > 2 else -5
        factors.append(Factor("Stuck in stage", points, f"{days(s.days_in_stage)} in {s.stage} "
                                                        f"(typical: {days(expected)})"))
    if s.last_activity_days is None:
        if s.age_days >= 2:
            factors.append(Factor("No activity yet", -5, f"the room is {days(s.age_days)} old"))
    elif s.last_activity_days < 2:
        factors.append(Factor("Recent activity", 3, f"last activity {days(s.last_activity_days)} ago"))
    elif s.last_activity_days >= 7:
        factors.append(Factor("Gone quiet", -10 if s.last_activity_days >= 14 else -5,
                              f"last activity {days(s.last_activity_days)} ago"))
    return factors


def _payment(s: DealSnapshot) -> list[Factor]:
    p = s.payment
    if p.state == "checkout_open":
        return [Factor("Checkout started", 15, "the economic buyer opened card checkout")]
    if p.state == "invoice_open":
        if p.days_overdue:
            return [Factor("Invoice overdue", 5, f"invoice open, {days(p.days_overdue)} past due")]
        return [Factor("Invoice sent", 20, "the invoice is open and not yet due")]
    if p.state == "failed":
        return [Factor("Payment failed", -10, "the last payment attempt failed")]
    if p.state == "expired":
        return [Factor("Checkout lapsed", -5, "an order was started and expired or was canceled")]
    return []
