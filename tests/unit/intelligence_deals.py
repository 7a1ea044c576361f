"""Small synthetic deals for the intelligence tests: a snapshot in a line, plain values only."""
from __future__ import annotations

from typing import Optional

from dealroom.domain.deals import MEDDPICC, ROLES
from dealroom.domain.intelligence import DealSnapshot, PaymentState, RoleEngagement, SubscriptionHealth

NOW = 1_800_000_000
REQUIRED = ("economic_buyer", "technical_buyer", "legal")
KNOWN = {
    "metrics": "cut freight cost 12%", "economic_buyer": "Dana Ruiz, CFO", "decision_criteria": "SSO, price per seat",
    "decision_process": "CFO signs after security review", "paper_process": "vendor form, then PO",
    "identified_pain": "late shipments", "champion": "Sam Lee", "competition": "Acme Freight",
}
ENGAGED = {"economic_buyer": 1, "champion": 1, "technical_buyer": 2, "legal": 2, "procurement": 3}


def snap(stage: str = "proposal", *, days_in_stage: float = 5, age: float = 20, meddpicc: Optional[dict] = None,
         roles: Optional[dict] = None, required: tuple = REQUIRED, version: int = 2, approved: tuple = (),
         stale: tuple = (), last_activity: Optional[float] = 1, payment: PaymentState = PaymentState(),
         subscription: Optional[SubscriptionHealth] = None, notes: str = "", value: int = 4_800_000) -> DealSnapshot:
    """`roles`: role -> days since its holders' last sign of life (a role left out has no holder)."""
    present = ENGAGED if roles is None else roles
    return DealSnapshot(
        deal_id="d-1", account_name="Northwind", stage=stage, days_in_stage=days_in_stage, age_days=age,
        currency="usd", expected_value=value, meddpicc=KNOWN if meddpicc is None else meddpicc,
        roles=tuple(RoleEngagement(role=r, holders=1 if r in present else 0,
                                   quiet_days=present.get(r, age), views=3 if r in present else 0,
                                   actions=1 if r in present else 0) for r in ROLES),
        required_roles=required, quote_version=version, approved_roles=approved, stale_approvals=stale,
        last_activity_days=last_activity, payment=payment, subscription=subscription, internal_notes=notes, now=NOW)


def without(*fields: str) -> dict:
    return {f: v for f, v in KNOWN.items() if f not in fields}


assert set(KNOWN) == set(MEDDPICC)
