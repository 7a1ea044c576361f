"""Follow-up email drafts for the seller: after the committee pays, and when a version gets every approval.
Drafts only: a person reads, edits and sends them. Pure Python."""
from __future__ import annotations

from dataclasses import dataclass

from commerce.domain.money import Money
from dealroom.domain.intelligence.snapshot import DealSnapshot
from dealroom.domain.intelligence.wording import label, listing

TRIGGERS = ("paid", "fully_approved")


@dataclass(frozen=True)
class FollowUpDraft:
    trigger: str  # "paid" (checkout.session.completed / invoice paid) or "fully_approved"
    subject: str
    body: str
    to_roles: tuple[str, ...]


def draft_triggers(*, snapshot: DealSnapshot) -> tuple[str, ...]:
    """Which drafts apply to the deal as it stands."""
    s = snapshot
    if s.payment.state == "paid":
        return ("paid",)
    if s.required_roles and s.fully_approved and s.payment.state in ("none", "checkout_open", "invoice_open"):
        return ("fully_approved",)
    return ()


def follow_up_drafts(*, snapshot: DealSnapshot) -> tuple[FollowUpDraft, ...]:
    return tuple(follow_up_draft(snapshot=snapshot, trigger=t) for t in draft_triggers(snapshot=snapshot))


def follow_up_draft(*, snapshot: DealSnapshot, trigger: str) -> FollowUpDraft:
    if trigger == "paid":
        return _paid(snapshot)
    if trigger == "fully_approved":
        return _approved(snapshot)
    raise ValueError(f"trigger must be one of {', '.join(TRIGGERS)}")


def _amount(s: DealSnapshot) -> str:
    amount = s.payment.amount or s.expected_value
    return Money(amount, s.currency).display() if amount else "your order"


def _paid(s: DealSnapshot) -> FollowUpDraft:
    how = "your invoice payment" if s.payment.method == "invoice" else "your card payment"
    pain = s.known("identified_pain")
    focus = (f"We will start where you told us it hurts most: {pain}. " if pain else
             "In the kickoff we will agree the first outcome you want to see. ")
    metrics = s.known("metrics")
    measure = f"We will report against the goal we agreed ({metrics}) from the first month.\n\n" if metrics else "\n"
    body = (f"Hi {s.account_name} team,\n\n"
            f"Thank you: {how} of {_amount(s)} for quote version {s.quote_version} has arrived, and your order is "
            "confirmed.\n\n"
            f"{focus}Could you share two times next week for a 45-minute kickoff with the people who will use it "
            f"day to day?\n{measure}"
            "Best regards,\n[your name]")
    return FollowUpDraft("paid", f"{s.account_name}: payment received, next step is the kickoff", body,
                         ("economic_buyer", "champion"))


def _approved(s: DealSnapshot) -> FollowUpDraft:
    approvers = listing([label(r) for r in s.approved_roles])
    body = (f"Hi {s.account_name} team,\n\n"
            f"Quote version {s.quote_version} ({_amount(s)}) now has every approval it needs: {approvers}. "
            "Thank you all for the reviews.\n\n"
            "The last step is payment: the economic buyer can pay by card in the deal room, or ask for an invoice "
            "on net 30 terms there. Any change to the quote from here would need the approvals again, so if "
            "something still needs to move, tell me before paying.\n\n"
            "Best regards,\n[your name]")
    return FollowUpDraft("fully_approved", f"{s.account_name}: quote version {s.quote_version} is approved", body,
                         ("economic_buyer",))
