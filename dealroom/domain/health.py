"""Deal health: a deterministic, explainable score for staff, and stalled-role detection. Pure Python."""
from __future__ import annotations

from dataclasses import dataclass

from dealroom.domain.deals import MEDDPICC, ROLE_LABELS, Deal, Member

DAY = 86400


@dataclass(frozen=True)
class Health:
    score: int  # 0..100
    reasons: tuple[str, ...]


def stalled_roles(deal: Deal, members: list[Member], now: int, days: int = 5) -> list[str]:
    """Required roles whose members have all been silent (no view or action) for `days` days, or that nobody
    has filled that long. Silence counts from the deal's creation: a new deal has no stalled role yet."""
    stalled = []
    for role in deal.required_roles:
        holders = [m for m in members if m.role == role]
        last = max([deal.created_at, *(max(m.last_seen_at, m.joined_at) for m in holders)])
        if now - last >= days * DAY:
            stalled.append(role)
    return stalled


def deal_health(deal: Deal, members: list[Member], quote_version: int, now: int, stalled_days: int = 5) -> Health:
    """40 points MEDDPICC completeness, 25 role coverage, 20 approvals, 15 recency. Each part says why."""
    reasons = []
    filled = [f for f in MEDDPICC if str(deal.meddpicc.get(f) or "").strip()]
    meddpicc = round(40 * len(filled) / len(MEDDPICC))
    missing = [f.replace("_", " ") for f in MEDDPICC if f not in filled]
    reasons.append(f"MEDDPICC {len(filled)}/{len(MEDDPICC)} filled (+{meddpicc})"
                   + (f"; missing: {', '.join(missing)}" if missing else ""))

    present = {m.role for m in members}
    covered = [r for r in deal.required_roles if r in present]
    coverage = round(25 * len(covered) / len(deal.required_roles)) if deal.required_roles else 25
    absent = [ROLE_LABELS[r] for r in deal.required_roles if r not in present]
    reasons.append(f"{len(covered)}/{len(deal.required_roles)} required roles in the room (+{coverage})"
                   + (f"; no {', '.join(absent)}" if absent else ""))

    approved = deal.approvals_for(quote_version)
    done = [r for r in deal.required_roles if r in approved]
    approvals = round(20 * len(done) / len(deal.required_roles)) if deal.required_roles else 20
    reasons.append(f"{len(done)}/{len(deal.required_roles)} approvals on the current quote (+{approvals})")

    idle_days = (now - deal.last_activity_at) / DAY if deal.last_activity_at else None
    if idle_days is None:
        recency = 0
        reasons.append("no activity yet (+0)")
    else:
        recency = 15 if idle_days < 2 else 10 if idle_days < 5 else 5 if idle_days < 10 else 0
        reasons.append(f"last activity {idle_days:.0f} day(s) ago (+{recency})")
    stalled = stalled_roles(deal, members, now, stalled_days)
    if stalled:
        reasons.append("stalled: " + ", ".join(ROLE_LABELS[r] for r in stalled)
                       + f" silent for {stalled_days}+ days")
    return Health(score=meddpicc + coverage + approvals + recency, reasons=tuple(reasons))
