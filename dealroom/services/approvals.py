"""Approvals: a member of a required role approves one quote version. A quote change clears them (an
approval counts only for the version it names); the deal is ready when every required role approved."""
from __future__ import annotations

from commerce import clock
from commerce.domain.cart import VersionConflict
from commerce.persistence import keys
from commerce.persistence.carts import CartItem
from dealroom.domain.deals import ROLE_LABELS, NotAllowed, require_member
from pynamodb.expressions.operand import Value

from dealroom.persistence import ApprovalAttribute, DealItem
from dealroom.services.invites import member_get
from dealroom.services.log import commit_with_event, deal_read
from commerce.persistence.transaction import TransactionCanceled
from commerce.services import selectors


def approval_give(*, deal_id: str, user_id: str, quote_version: int):
    member = require_member(member_get(deal_id=deal_id, user_id=user_id))
    now = clock.now()
    approval = {"user_id": user_id, "name": member.name or member.email, "at": now, "quote_version": quote_version}

    def build(deal, tx):
        if member.role not in deal.required_roles:
            raise NotAllowed(f"{ROLE_LABELS[member.role]} approval is not required on this deal")
        # the approved version must be the quote as it is now, checked atomically with the approval
        tx.check(CartItem, keys.cart_pk(deal.cart_id), keys.CART_SK,
                 condition=(CartItem.version == quote_version) & (CartItem.status == "open"), label="cart")
        ready = all(r in {**deal.approvals_for(quote_version), member.role: approval} for r in deal.required_roles)
        return {"type": "approval.given", "actor": approval["name"],
                "payload": {"role": member.role, "role_label": ROLE_LABELS[member.role], "by": approval["name"],
                            "quote_version": quote_version, "ready": ready}}

    try:
        commit_with_event(deal_id=deal_id, build=build, actor_user_id=user_id,
                          deal_actions=lambda deal: [DealItem.approvals[member.role].set(
                              Value(ApprovalAttribute(**approval), attribute=ApprovalAttribute()))])
    except TransactionCanceled as exc:
        if exc.failed("cart"):
            current = selectors.cart_get(cart_id=deal_read(deal_id).cart_id)
            raise VersionConflict(f"the quote is now at version {current.version}: review it and approve again",
                                  current_version=current.version) from None
        raise
    return deal_read(deal_id)
