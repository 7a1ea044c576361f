"""Next-best-action rules about qualification: the MEDDPICC fields a deal at its stage should know by now.
Pure Python."""
from __future__ import annotations

from typing import Optional

from dealroom.domain.deals import STAGES
from dealroom.domain.intelligence.actions import NextBestAction
from dealroom.domain.intelligence.churn import ChurnRisk
from dealroom.domain.intelligence.snapshot import DealSnapshot

# field -> (stage from which it matters, priority then, title, reason)
GAPS = {
    "economic_buyer": ("discovery", 73, "No economic buyer identified: ask your champion who signs off on the budget",
                       "Without the economic buyer, nobody can say yes to the money."),
    "paper_process": ("proposal", 65, "No paper process recorded: ask procurement for the vendor onboarding steps",
                      "Security reviews, vendor records and purchase orders add weeks when found late."),
    "identified_pain": ("discovery", 52, "No identified pain: ask the champion what breaks if nothing changes this "
                        "quarter", "Without a pain in the buyer's words there is no reason to decide now."),
    "metrics": ("evaluation", 50, "No metrics recorded: quantify the value with the champion before the proposal",
                "The economic buyer approves numbers, not features."),
    "decision_criteria": ("evaluation", 47, "Decision criteria unknown: ask the technical buyer how options will be "
                          "compared, and offer to draft the list", "Whoever writes the criteria shapes the decision."),
    "decision_process": ("evaluation", 45, "No decision process recorded: map with the champion who signs, in which "
                         "order and by when", "An unknown process is where close dates slip."),
    "competition": ("evaluation", 40, "Competition unknown: ask what else they are evaluating, doing nothing included",
                    "You cannot differentiate against an alternative you have not named."),
}


def meddpicc_gaps(s: DealSnapshot, churn: Optional[ChurnRisk]) -> list[NextBestAction]:
    if s.closed or s.payment.state != "none":
        return []
    actions = []
    stage_at = STAGES.index(s.stage)
    for field, (from_stage, priority, title, reason) in GAPS.items():
        if s.known(field) or stage_at < STAGES.index(from_stage):
            continue
        if field == "economic_buyer" and s.role("economic_buyer").present:
            continue  # the room knows who it is, even if the field is blank
        late = stage_at - STAGES.index(from_stage)
        role = {"paper_process": "procurement", "decision_criteria": "technical_buyer"}.get(field, "champion")
        actions.append(NextBestAction(
            kind=f"missing_{field}", role=role, title=title, reason=reason,
            evidence=(f"MEDDPICC {field.replace('_', ' ')} is empty", f"stage {s.stage}"),
            priority=priority + 2 * late))
    return actions


RULES = (meddpicc_gaps,)
