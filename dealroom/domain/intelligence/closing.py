"""Next-best-action rules about closing and after: payment, approvals on the current version, a quote that
changed after approvals, a deal stuck in its stage, churn risk. Pure Python."""
from __future__ import annotations

from typing import Optional

from dealroom.domain.intelligence.actions import NextBestAction
from dealroom.domain.intelligence.churn import ChurnRisk
from dealroom.domain.intelligence.score import STAGE_EXPECTED_DAYS
from dealroom.domain.intelligence.snapshot import DealSnapshot
from dealroom.domain.intelligence.wording import count, days, label, listing


def payment(s: DealSnapshot, churn: Optional[ChurnRisk]) -> list[NextBestAction]:
    p = s.payment
    if p.state == "failed":
        return [NextBestAction(
            kind="payment_failed", role="economic_buyer",
            title="Payment failed: call the economic buyer and offer a new card checkout or an invoice",
            reason="The committee decided to buy; a failed payment left alone becomes a lost deal.",
            evidence=(f"the last {p.method or 'card'} payment attempt failed", f"quote version {s.quote_version}"),
            priority=100)]
    if p.state == "invoice_open" and p.days_overdue:
        return [NextBestAction(
            kind="invoice_overdue", role="procurement",
            title=f"Invoice is {days(p.days_overdue)} overdue: ask procurement where it sits in their payment run",
            reason="Overdue invoices usually wait on a purchase order or a vendor record, not on a decision.",
            evidence=(f"invoice open and {days(p.days_overdue)} past due",), priority=90)]
    if p.state == "invoice_open":
        return [NextBestAction(
            kind="invoice_sent", role="procurement",
            title="Invoice sent: confirm procurement has it in their next payment run",
            reason="Invoices stall on a missing purchase order or vendor record; asking early keeps the due date.",
            evidence=("invoice open, not yet due", f"quote version {s.quote_version}"), priority=60)]
    if p.state == "refunded":
        return [NextBestAction(
            kind="refunded", role="economic_buyer",
            title="Refunded: ask the economic buyer what went wrong before the account goes cold",
            reason="A refund after a committee decision is a signal worth understanding.",
            evidence=("the payment was refunded",), priority=60)]
    if p.state == "paid" and not (churn and churn.level in ("medium", "high")):
        return [NextBestAction(
            kind="paid_follow_up", role="economic_buyer",
            title="Paid: send the thank-you note and book the kickoff with the champion",
            reason="The first week after payment sets adoption; a named kickoff keeps the committee engaged.",
            evidence=(f"paid by {p.method or 'card'}", f"quote version {s.quote_version}"), priority=95)]
    return []


def churn_risk(s: DealSnapshot, churn: Optional[ChurnRisk]) -> list[NextBestAction]:
    if churn is None or churn.level not in ("medium", "high"):
        return []
    return [NextBestAction(
        kind="churn_risk", role="champion",
        title=f"Subscription at {churn.level} churn risk: book a value review with the champion before renewal",
        reason="Failed payments, cancellations and seat cuts come before churn; a value review finds out why.",
        evidence=churn.reasons, priority=97 if churn.level == "high" else 70)]


def fully_approved(s: DealSnapshot, churn: Optional[ChurnRisk]) -> list[NextBestAction]:
    if s.closed or s.payment.state != "none" or not s.required_roles or not s.fully_approved:
        return []
    return [NextBestAction(
        kind="ask_to_pay", role="economic_buyer",
        title=f"Every approval is in on version {s.quote_version}: ask the economic buyer to pay by card or "
              "request the invoice",
        reason="Approvals lapse with any quote change; closing now avoids another round.",
        evidence=(f"approved by {listing([label(r) for r in s.approved_roles])}", "no payment started yet"),
        priority=85)]


def quote_changed(s: DealSnapshot, churn: Optional[ChurnRisk]) -> list[NextBestAction]:
    if s.closed or s.payment.state != "none" or not s.stale_approvals:
        return []
    n = len(s.stale_approvals)
    return [NextBestAction(
        kind="quote_delta", role="economic_buyer",
        title=f"Quote changed after {count(n, 'approval')}: walk the economic buyer through the delta",
        reason=f"Version {s.quote_version} cleared approvals the committee had given; they must approve again "
               "and will ask what changed.",
        evidence=(f"earlier version approved by {listing([label(r) for r in s.stale_approvals])}",
                  f"{len(s.approved_roles)}/{len(s.required_roles)} approvals on version {s.quote_version}"),
        priority=80 + min(5, n))]


def stuck(s: DealSnapshot, churn: Optional[ChurnRisk]) -> list[NextBestAction]:
    expected = STAGE_EXPECTED_DAYS.get(s.stage)
    if not expected or s.days_in_stage <= expected or s.payment.state != "none":
        return []
    return [NextBestAction(
        kind="stuck_in_stage", role="champion",
        title=f"Stuck in {s.stage} for {days(s.days_in_stage)}: agree a mutual close plan with the champion",
        reason="A dated plan with owners turns a drifting deal back into a decision.",
        evidence=(f"{days(s.days_in_stage)} in {s.stage}, typical is {days(expected)}",), priority=58)]


def gone_quiet(s: DealSnapshot, churn: Optional[ChurnRisk]) -> list[NextBestAction]:
    quiet = s.last_activity_days
    if s.closed or s.payment.state != "none" or quiet is None or quiet < 7:
        return []
    return [NextBestAction(
        kind="gone_quiet", role="champion",
        title=f"No activity for {days(quiet)}: send the champion a one-line question about the decision date",
        reason="A room nobody visits is a deal nobody is working on.",
        evidence=(f"last activity in the room {days(quiet)} ago",), priority=50)]


def closed(s: DealSnapshot, churn: Optional[ChurnRisk]) -> list[NextBestAction]:
    if s.stage == "closed_lost":
        return [NextBestAction(kind="closed_lost", title="Closed lost: record why and set a check-in for next quarter",
                               reason="The reason for a loss is the best input for the next deal.",
                               evidence=("stage is closed lost",), priority=20)]
    if s.stage == "closed_won" and s.payment.state == "none":
        return [NextBestAction(kind="closed_won", role="economic_buyer",
                               title="Closed won: confirm how the customer will pay and who owns onboarding",
                               reason="The deal is won but no payment is recorded in the room.",
                               evidence=("stage is closed won", "no order in the room"), priority=60)]
    return []


RULES = (payment, churn_risk, fully_approved, quote_changed, stuck, gone_quiet, closed)
