"""Erasure steps in the deal room: leave every deal (the membership goes, approvals stay unnamed, a
`member.removed` event tells the committee), delete the invitations, and redact the committee's log (events
the person made or that are about them keep their facts under "Former member"). Each is idempotent."""
from __future__ import annotations

from typing import Any

from commerce.domain.erasure import ErasureRequest
from commerce.domain.privacy import Person
from commerce.persistence.transaction import TransactionCanceled
from dealroom.domain.deals import ROLE_LABELS, Deal, DealChange, Member
from dealroom.domain.erasure import approvals_kept, redacted
from dealroom.domain.events import DealUpdated, MemberRemoved
from dealroom.persistence.uow import DealUnitOfWork, unit_of_work
from dealroom.privacy.writes import commit_in_chunks
from dealroom.services.log import deal_change

ACTOR = "Quorum (privacy)"


class _AlreadyGone(Exception):
    """Another run removed the membership first: nothing left to do for it."""


def leave_deals(request: ErasureRequest) -> int:
    """One deal change per membership (and one for a deal whose terms or approvals still name them)."""
    person = request.person()
    return sum(_leave(deal_id, person) for deal_id in request.ids("deal_ids"))


def _leave(deal_id: str, person: Person) -> int:
    written = 0
    for user_id in sorted(person.user_ids):
        member = unit_of_work().members.get(deal_id=deal_id, user_id=user_id)
        if member is not None:
            written += _remove(member, person)
    deal = unit_of_work().deals.get(deal_id)
    if deal is not None and (approvals_kept(deal.approvals, person) or _terms_name(deal, person)):
        def unname(u: DealUnitOfWork, deal: Deal, change: DealChange) -> DealUpdated:
            _forget(deal, change, person)
            return DealUpdated(staff_fields=("internal_notes", "meddpicc"))

        deal_change(deal_id=deal_id, plan=unname, actor=ACTOR)
        written += 1
    return written


def _remove(member: Member, person: Person) -> int:
    def plan(u: DealUnitOfWork, deal: Deal, change: DealChange) -> MemberRemoved:
        u.members.remove(member)
        _forget(deal, change, person)
        return MemberRemoved(role=member.role, role_label=ROLE_LABELS[member.role])

    def refused(exc: TransactionCanceled) -> None:
        if exc.failed("member"):
            raise _AlreadyGone() from None

    try:
        deal_change(deal_id=member.deal_id, plan=plan, actor=ACTOR, refused=refused)
    except _AlreadyGone:
        return 0
    return 1


def _terms_name(deal: Deal, person: Person) -> bool:
    return person.mentioned_in(deal.internal_notes) or person.mentioned_in(deal.meddpicc)


def _forget(deal: Deal, change: DealChange, person: Person) -> None:
    """Their approvals unnamed (the committee's decision stands); their email out of staff's notes."""
    change.approvals_rewritten = approvals_kept(deal.approvals, person)
    if _terms_name(deal, person):
        terms: dict[str, Any] = {
            "account_name": deal.account_name, "stage": deal.stage, "expected_value": deal.expected_value,
            "discount_bps": deal.pricing.discount_bps, "price_overrides": dict(deal.pricing.overrides),
            "meddpicc": person.scrub(dict(deal.meddpicc)), "internal_notes": person.scrub(deal.internal_notes),
            "required_roles": list(deal.required_roles)}
        change.terms = terms
        change.bump_version = True  # a staff form opened before this cannot write the email back


def delete_invitations(request: ErasureRequest) -> int:
    """Every invitation to the email, used or not (found again: one sent since the first step goes too)."""
    email = request.person().email
    ids = set(request.ids("invite_ids")) | {invite.id for invite in unit_of_work().invites.of_email(email)}
    return commit_in_chunks([lambda u, i=invite_id: u.invites.remove(i) for invite_id in sorted(ids)])


def redact_logs(request: ErasureRequest) -> int:
    person = request.person()
    rewrites = [kept for deal_id in request.ids("deal_ids") for event in unit_of_work().events.logged(deal_id)
                if (kept := redacted(event, person)) is not None]
    return commit_in_chunks([lambda u, e=event: u.events.rewrite(e) for event in rewrites])


def forget_in_intelligence(request: ErasureRequest) -> int:
    """Follow-up drafts that name the person deleted (staff can generate the deal's follow-up again), and each
    deal's insights brought up to date: recomputed from the deal without their membership and with the log
    under "Former member" (the stream usually did it already, after the memberships step; then this reads
    the stored insights and stops)."""
    from dealroom.services.insights import insights_refresh

    person = request.person()
    written = 0
    for deal_id in request.ids("deal_ids"):
        drafts = [d for d in unit_of_work().drafts.of_deal(deal_id)
                  if person.named_in_prose(f"{d.subject}\n{d.body}")]
        written += commit_in_chunks([lambda u, d=d: u.drafts.remove(d) for d in drafts])
        written += insights_refresh(deal_id=deal_id) is not None
    return written
