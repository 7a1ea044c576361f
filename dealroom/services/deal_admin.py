"""Sales staff's writes on a deal from the admin: its terms (stage, value, MEDDPICC, pricing tier and
discounts, required roles, notes), committee roles and invitations. Each is one transaction with its deal
event and its audit entry; an edit pins the deal version the person saw, so two staff members' edits are
detected, never silently merged. A pricing change reprices the quote in the same transaction: its version
moves, so earlier approvals no longer count."""
from __future__ import annotations

from typing import Any

from commerce.errors import Conflict, InvalidInput, NotFound
from commerce.persistence.transaction import TransactionCanceled
from commerce.services.audit import audit_add
from dealroom.domain.deals import (
    MEDDPICC,
    ROLE_LABELS,
    STAGES,
    Deal,
    DealChange,
    Pricing,
    validate_role,
    validate_roles,
)
from dealroom.domain.events import DealUpdated, MemberRoleChanged
from dealroom.persistence.uow import DealUnitOfWork
from dealroom.services.invites import invite_create
from dealroom.services.log import DealPinFailed, deal_change, deal_read

EDITABLE = ("account_name", "stage", "expected_value", "discount_bps", "price_overrides", "meddpicc",
            "internal_notes", "required_roles")
# what the committee's activity log may name; stage, value, MEDDPICC and notes are the sales team's own
MEMBER_VISIBLE = ("account_name", "discount_bps", "price_overrides", "required_roles")


class DealChanged(Conflict):
    """Someone else changed the deal (or its quote) since the page was opened; nothing was saved."""

    code = "deal_changed"


def _terms(deal: Deal) -> dict[str, Any]:
    return {"account_name": deal.account_name, "stage": deal.stage, "expected_value": deal.expected_value,
            "discount_bps": deal.pricing.discount_bps, "price_overrides": dict(deal.pricing.overrides),
            "meddpicc": dict(deal.meddpicc), "internal_notes": deal.internal_notes,
            "required_roles": list(deal.required_roles)}


def _validate(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"these fields cannot be edited here: {', '.join(sorted(unknown))}")
    clean = dict(changes)
    if "account_name" in clean:
        clean["account_name"] = (clean["account_name"] or "").strip()[:200]
        if not clean["account_name"]:
            raise InvalidInput("The account name must not be empty.")
    if "stage" in clean and clean["stage"] not in STAGES:
        raise InvalidInput(f"Stage must be one of {', '.join(STAGES)}.")
    if "expected_value" in clean and (not isinstance(clean["expected_value"], int) or clean["expected_value"] < 0):
        raise InvalidInput("Expected value must be a whole number of minor units, zero or more.")
    if "meddpicc" in clean:
        unknown = set(clean["meddpicc"]) - set(MEDDPICC)
        if unknown:
            raise InvalidInput(f"Unknown MEDDPICC field(s): {', '.join(sorted(unknown))}.")
        clean["meddpicc"] = {k: str(v).strip()[:2000] for k, v in clean["meddpicc"].items() if str(v).strip()}
    if "internal_notes" in clean:
        clean["internal_notes"] = (clean["internal_notes"] or "").strip()[:5000]
    if "required_roles" in clean:
        clean["required_roles"] = list(validate_roles(list(clean["required_roles"])))
        if not clean["required_roles"]:
            raise InvalidInput("At least one role must approve the quote.")
    if "discount_bps" in clean or "price_overrides" in clean:
        Pricing(discount_bps=clean.get("discount_bps", 0), overrides=clean.get("price_overrides", {}))  # validates
    return clean


def deal_update(*, deal_id: str, expected_version: int, actor: str, changes: dict[str, Any]) -> Deal:
    changes = _validate(changes)

    def plan(u: DealUnitOfWork, deal: Deal, change: DealChange) -> DealUpdated:
        before = _terms(deal)
        after = {**before, **changes}
        changed = sorted(k for k in after if after[k] != before[k])
        if not changed:
            raise InvalidInput("Nothing changed.")
        change.terms, change.bump_version = after, True
        quote_version = None
        if {"discount_bps", "price_overrides"} & set(changed):
            quote_version = _reprice(u, deal, Pricing(discount_bps=after["discount_bps"],
                                                      overrides=after["price_overrides"]))
        audit_add(u, actor=actor, action="deal.update", target_type="deal", target_id=deal.id,
                  before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
        return DealUpdated(fields=tuple(f for f in changed if f in MEMBER_VISIBLE), quote_version=quote_version,
                           staff_fields=tuple(changed), stage=after["stage"], previous_stage=before["stage"],
                           expected_value=after["expected_value"], currency=deal.currency,
                           internal_notes=after["internal_notes"] if "internal_notes" in changed else None)

    def refused(exc: TransactionCanceled) -> None:
        if exc.failed("quote"):
            raise DealChanged("A committee member changed the quote while you were saving. Nothing was saved: "
                              "save the terms again.") from None

    try:
        deal_change(deal_id=deal_id, plan=plan, actor=actor, expect=lambda deal: deal.version == expected_version,
                    refused=refused)
    except DealPinFailed as exc:
        raise DealChanged(f"Someone else changed this deal (now version {exc.deal.version}, you edited version "
                          f"{expected_version}). Your changes were not saved: review the current terms and apply "
                          "them again.", version=exc.deal.version) from None
    return deal_read(deal_id)


def _reprice(u: DealUnitOfWork, deal: Deal, pricing: Pricing) -> int:
    """Every quote line at the new terms, in the deal's transaction; returns the quote's next version."""
    cart = u.carts.get(deal.cart_id)
    if cart is None:
        raise NotFound("this deal's quote is missing")
    products = u.products.get_many([line.sku for line in cart.lines])
    amounts = {line.sku: pricing.unit_price(line.sku, products[line.sku].unit_price).amount
               for line in cart.lines if line.sku in products}
    u.carts.reprice(cart, unit_amounts=amounts, label="quote")
    return cart.version + 1


def member_role_set(*, deal_id: str, user_id: str, role: str, actor: str) -> None:
    role = validate_role(role)

    def plan(u: DealUnitOfWork, deal: Deal, change: DealChange) -> MemberRoleChanged:
        member = u.members.get(deal_id=deal_id, user_id=user_id)
        if member is None:
            raise NotFound("no such member")
        if member.role == role:
            raise InvalidInput(f"{member.name or member.email} already has that role.")
        u.members.set_role(member, role=role)
        audit_add(u, actor=actor, action="member.role_set", target_type="deal", target_id=deal_id,
                  before={"member": member.email, "role": member.role}, after={"member": member.email, "role": role})
        return MemberRoleChanged(user_id=user_id, name=member.name or member.email, role=role,
                                 role_label=ROLE_LABELS[role], previous_role=member.role)

    def refused(exc: TransactionCanceled) -> None:
        if exc.failed("member_role"):
            raise Conflict("Someone else changed this member's role at the same moment. Check and try again.") from None

    deal_change(deal_id=deal_id, plan=plan, actor=actor, refused=refused)


def deal_invite(*, deal_id: str, email: str, role: str, name: str, actor: str, base_url: str) -> str:
    """A new one-time invitation link (7 days), audited in the invitation's own transaction."""
    return invite_create(deal_id=deal_id, email=email, role=role, name=name, created_by=actor, base_url=base_url,
                         audit_actor=actor)
