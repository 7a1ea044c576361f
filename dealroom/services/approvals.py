"""Approvals: a member of a required role approves one quote version. A quote change clears them (an
approval counts only for the version it names); the deal is ready when every required role approved."""
from __future__ import annotations

from commerce import clock
from commerce.domain.cart import OPEN, CartClosed, VersionConflict
from commerce.errors import NotAllowed
from commerce.persistence.transaction import TransactionCanceled
from config.observability import metrics
from dealroom.domain.deals import ROLE_LABELS, Deal, DealChange, require_member
from dealroom.domain.events import ApprovalGiven
from dealroom.persistence.uow import DealUnitOfWork, unit_of_work
from dealroom.services.invites import member_get
from dealroom.services.log import deal_change, deal_read


@metrics.counts(VersionConflict, metrics.CART_VERSION_CONFLICTS)
def approval_give(*, deal_id: str, user_id: str, quote_version: int) -> Deal:
    member = require_member(member_get(deal_id=deal_id, user_id=user_id))
    now = clock.now()
    name = member.name or member.email
    approval = {"user_id": user_id, "name": name, "at": now, "quote_version": quote_version}

    def plan(u: DealUnitOfWork, deal: Deal, change: DealChange) -> ApprovalGiven:
        if member.role not in deal.required_roles:
            raise NotAllowed(f"{ROLE_LABELS[member.role]} approval is not required on this deal")
        # the approved version must be the quote as it is now, checked atomically with the approval
        u.carts.require(cart_id=deal.cart_id, version=quote_version)
        change.approval = (member.role, approval)
        ready = all(r in {**deal.approvals_for(quote_version), member.role: approval} for r in deal.required_roles)
        return ApprovalGiven(role=member.role, role_label=ROLE_LABELS[member.role], by=name,
                             quote_version=quote_version, ready=ready)

    def refused(exc: TransactionCanceled) -> None:
        if exc.failed("cart"):
            current = unit_of_work().carts.get(deal_read(deal_id).cart_id)
            if current is not None and current.status != OPEN:
                raise CartClosed("the quote has been checked out: nothing is left to approve",
                                 order_id=current.order_id) from None
            version = current.version if current else quote_version
            raise VersionConflict(f"the quote is now at version {version}: review it and approve again",
                                  current_version=version) from None

    deal_change(deal_id=deal_id, plan=plan, actor=name, actor_user_id=user_id, refused=refused)
    return deal_read(deal_id)
