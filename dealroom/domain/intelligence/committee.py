"""Next-best-action rules about the buying committee: silent or missing approvers, the economic buyer,
the champion. Pure Python."""
from __future__ import annotations

from typing import Optional

from dealroom.domain.intelligence.actions import NextBestAction
from dealroom.domain.intelligence.churn import ChurnRisk
from dealroom.domain.intelligence.snapshot import DealSnapshot
from dealroom.domain.intelligence.wording import days, label, listing, lower_label

# What to send or ask when a role goes quiet.
PLAYS = {
    "economic_buyer": "ask your champion for 20 minutes with them to confirm the business case",
    "champion": "call them to agree the next step and what could stall it",
    "technical_buyer": "offer a technical deep-dive and send the security questionnaire answers",
    "legal": "send the DPA and ask for their redlines",
    "procurement": "ask for the vendor onboarding steps and their preferred paper",
    "user": "offer the team a hands-on session with the product",
}


def silent_roles(s: DealSnapshot, churn: Optional[ChurnRisk]) -> list[NextBestAction]:
    if s.closed or s.payment.state in ("paid", "refunded"):
        return []
    actions = []
    for role in s.roles:
        if not role.present or not s.silent(role.role) or role.role in s.approved_roles:
            continue
        must = role.role in s.missing_approvals
        title = f"{label(role.role)} has been silent {days(role.quiet_days)}" + (" and must approve" if must else "")
        evidence = [f"no view or action by {lower_label(role.role)} for {days(role.quiet_days)}",
                    f"{role.views} view(s), {role.actions} action(s) in the room so far"]
        if must:
            evidence.append(f"version {s.quote_version} still needs {listing([label(r) for r in s.missing_approvals])}")
        actions.append(NextBestAction(
            kind="silent_approver" if must else "silent_role", role=role.role,
            title=f"{title}: {PLAYS[role.role]}",
            reason=(f"{label(role.role)} must approve version {s.quote_version} before the economic buyer can pay, "
                    "and silence this long usually means a blocker nobody has voiced."
                    if must else f"{label(role.role)} has gone quiet; re-engage before they become a late objection."),
            evidence=tuple(evidence), priority=(70 if must else 35) + min(10, int(role.quiet_days))))
    return actions


def missing_roles(s: DealSnapshot, churn: Optional[ChurnRisk]) -> list[NextBestAction]:
    if s.closed or s.payment.state != "none":
        return []
    actions = []
    for role in s.required_roles:
        if s.role(role).present or (role == "economic_buyer" and not s.known("economic_buyer")):
            continue  # an unnamed economic buyer is a qualification gap: ask who it is first
        who = "your champion" if s.role("champion").present else "your main contact"
        actions.append(NextBestAction(
            kind="missing_approver", role=role,
            title=f"No {lower_label(role)} in the room and they must approve: ask {who} to invite them",
            reason=f"Version {s.quote_version} cannot be paid for until {lower_label(role)} approves it.",
            evidence=(f"required approvers: {listing([label(r) for r in s.required_roles])}",
                      f"nobody in the room holds the {lower_label(role)} role ({s.age_days:.0f} days into the deal)"),
            priority=72 if s.stage in ("proposal", "negotiation") else 60))
    return actions


def no_champion(s: DealSnapshot, churn: Optional[ChurnRisk]) -> list[NextBestAction]:
    if s.closed or s.payment.state != "none" or s.role("champion").present:
        return []
    named = s.known("champion")
    title = (f"No champion in the room: invite {named} and agree what they will sell internally" if named else
             "No champion: find the person who wins when this lands and invite them to the room")
    return [NextBestAction(
        kind="no_champion", role="champion", title=title,
        reason="Deals without an active champion stall when the seller is not in the room.",
        evidence=("nobody in the room holds the champion role",
                  f"MEDDPICC champion: {named}" if named else "MEDDPICC champion not recorded"),
        priority=55)]


RULES = (silent_roles, missing_roles, no_champion)
