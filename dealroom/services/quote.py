"""The shared quote: the deal's cart, edited by members whose role may edit, with optimistic locking.
Each edit and its event are ONE transaction (commerce's cart intent inside the deal's event transaction);
a pinned version that moved is a 409 with the latest quote, an unpinned edit is planned again."""
from __future__ import annotations

from typing import Optional

from commerce import clock
from commerce.domain.cart import Cart, VersionConflict, check_product_for_line, validate_quantity
from commerce.domain.catalog import validate_sku
from commerce.errors import NotAllowed, NotFound
from commerce.persistence import retry
from commerce.persistence.transaction import TransactionCanceled
from commerce.services import product_cache
from config.observability import metrics
from dealroom.domain.deals import Deal, DealChange, Member, require_member
from dealroom.domain.events import QuoteLineSet
from dealroom.domain.quote import plan_line
from dealroom.persistence.uow import DealUnitOfWork, unit_of_work
from dealroom.services.invites import member_get
from dealroom.services.log import deal_change


class _NoChange(Exception):
    def __init__(self, cart: Cart) -> None:
        self.cart = cart


@metrics.counts(VersionConflict, metrics.CART_VERSION_CONFLICTS)
def quote_line_set(*, deal_id: str, user_id: str, sku: str, quantity: int,
                   expected_version: Optional[int] = None, expected_quantity: Optional[int] = None,
                   staff_actor: Optional[str] = None) -> Cart:
    """A member (or, with `staff_actor`, sales staff preparing the quote) sets a line's quantity."""
    if staff_actor:
        member: Member = Member(deal_id=deal_id, user_id="", email=staff_actor, name=staff_actor, role="staff",
                                joined_at=0)
    else:
        member = require_member(member_get(deal_id=deal_id, user_id=user_id))
    validate_sku(sku)
    validate_quantity(quantity)
    product = product_cache.cached_product(sku)
    if quantity and product is None:
        raise NotFound(f"no product with sku {sku!r}")
    if product is not None:
        check_product_for_line(product, quantity)
    by = member.name or member.email
    read: dict[str, Cart] = {}

    def plan(u: DealUnitOfWork, deal: Deal, change: DealChange) -> QuoteLineSet:
        if not staff_actor and not deal.can_edit(member.role):
            raise NotAllowed("your role can view the quote but not change it")
        cart = u.carts.get(deal.cart_id)
        if cart is None:
            raise NotFound("this deal's quote is missing")
        read["cart"] = cart
        edit = plan_line(cart, sku=sku, quantity=quantity, product=product, now_ms=clock.now_ms(),
                         expected_version=expected_version, expected_quantity=expected_quantity)
        if not edit.changed:
            raise _NoChange(cart)
        u.carts.set_line(cart_id=cart.id, sku=sku, line=edit.line, expected_version=cart.version, now=clock.now(),
                         ttl_seconds=None, deal_id=deal.id)
        if edit.line is None:
            u.quote_markers.drop(sku=sku, deal_id=deal.id)
        else:
            u.quote_markers.hold(sku=sku, deal_id=deal.id)
        price = deal.pricing.unit_price(sku, product.unit_price) if product is not None else None
        return QuoteLineSet(sku=sku, name=edit.name, quantity=quantity, previous_quantity=edit.previous_quantity,
                            quote_version=cart.version + 1, by=by, unit_price=price.as_dict() if price else None,
                            line_total=(price * quantity).as_dict() if price else None)

    def refused(exc: TransactionCanceled) -> None:
        if exc.failed("cart"):
            if expected_version is not None:
                current = unit_of_work().carts.get(read["cart"].id)
                raise VersionConflict("someone changed the quote first: here is the latest",
                                      current_version=current.version if current else 0) from None
            raise retry.Replan() from None  # another member's edit landed between our read and write

    try:
        deal_change(deal_id=deal_id, plan=plan, actor=by, actor_user_id=None if staff_actor else user_id,
                    refused=refused)
    except _NoChange as nothing:
        return nothing.cart
    cart = unit_of_work().carts.get(read["cart"].id)
    assert cart is not None
    return cart
