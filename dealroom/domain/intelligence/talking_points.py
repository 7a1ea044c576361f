"""Objection handling in the Challenger style (teach, tailor, take control), grounded in the deal's MEDDPICC:
its competition, decision criteria and identified pain, with metrics and the economic buyer where known.
Pure Python."""
from __future__ import annotations

import re
from dataclasses import dataclass

from dealroom.domain.intelligence.snapshot import DealSnapshot
from dealroom.domain.intelligence.wording import label

MAX_POINTS = 5
STATUS_QUO = re.compile(r"status quo|in[- ]house|build|do(ing)? nothing|spreadsheet|excel|manual", re.I)
_SPLIT = re.compile(r"\s*(?:[,;\n/]|\band\b|\bvs\.?)\s*", re.I)
# A decision criterion's keywords -> the role who cares most about it.
CRITERION_OWNERS = (
    (re.compile(r"secur|sso|saml|soc|iso|integrat|api|uptime|sla|scal", re.I), "technical_buyer"),
    (re.compile(r"price|cost|roi|budget|payback|tco", re.I), "economic_buyer"),
    (re.compile(r"dpa|gdpr|privacy|contract|terms|liabil|legal", re.I), "legal"),
    (re.compile(r"vendor|onboard|invoice|payment terms|procure", re.I), "procurement"),
    (re.compile(r"easy|usab|adopt|training|ux", re.I), "user"),
)


@dataclass(frozen=True)
class TalkingPoint:
    objection: str  # what the buyer is likely to say
    response: str  # how to answer it
    grounded_in: tuple[str, ...]  # the MEDDPICC fields it draws on


def parts(text: str) -> list[str]:
    return [p.strip(" .") for p in _SPLIT.split(text) if p.strip(" .")]


def talking_points(*, snapshot: DealSnapshot) -> tuple[TalkingPoint, ...]:
    s = snapshot
    pain, metrics = s.known("identified_pain"), s.known("metrics")
    proof = f", in their own numbers ({metrics})" if metrics else ""
    teach = (f"show what \"{pain}\" costs them each quarter it stays unsolved{proof}" if pain else
             "bring an insight about what teams like theirs lose by waiting, and ask which part they recognise")
    basis = tuple(f for f, v in (("identified_pain", pain), ("metrics", metrics)) if v)
    criteria = parts(s.known("decision_criteria"))
    points: list[TalkingPoint] = []
    rivals = [c for c in parts(s.known("competition")) if not STATUS_QUO.search(c)]
    for rival in rivals[:2]:
        control = (f"Then take control: offer a side-by-side on \"{criteria[0]}\", the criterion they ranked first."
                   if criteria else "Then take control: propose the decision criteria before they adopt "
                                    f"{rival}'s list.")
        points.append(TalkingPoint(
            objection=f"\"{rival} does this for less.\"",
            response=f"Do not defend price; teach instead: {teach}. {control}",
            grounded_in=("competition", *basis, *(("decision_criteria",) if criteria else ()))))
    if not rivals or STATUS_QUO.search(s.known("competition")):
        points.append(TalkingPoint(
            objection="\"We can keep doing what we do today.\"",
            response=f"Reframe doing nothing as the risky choice: {teach}; then ask what it would take to "
                     "decide this quarter.",
            grounded_in=("competition", *basis)))
    for criterion in criteria[:2]:
        owner = next((role for pattern, role in CRITERION_OWNERS if pattern.search(criterion)), "champion")
        tie = f"tie it back to \"{pain}\"" if pain else "ask what a good answer unlocks for them"
        points.append(TalkingPoint(
            objection=f"\"How do you meet '{criterion}'?\"",
            response=f"Tailor it to the {label(owner).lower()}: answer with proof they can forward internally, "
                     f"then {tie}.",
            grounded_in=("decision_criteria", *(("identified_pain",) if pain else ()))))
    if s.known("economic_buyer") or s.role("economic_buyer").present:
        points.append(TalkingPoint(
            objection="\"It is over budget this year.\"",
            response="Take control of the value conversation with the economic buyer: "
                     + (f"restate {metrics} as the return, " if metrics else "agree the return you will measure, ")
                     + "then offer to phase the rollout rather than cut the price.",
            grounded_in=("economic_buyer", *(("metrics",) if metrics else ()))))
    return tuple(points[:MAX_POINTS])
