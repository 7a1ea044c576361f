"""The shared quote: the deal's cart, edited by members whose role may edit, with optimistic locking.
Each edit and its event are ONE transaction; a pinned version that moved is a 409 with the latest quote."""
from __future__ import annotations

from typing import Optional

from commerce import clock
from commerce.domain.cart import (
    CartClosed, CartLine, VersionConflict, check_line_change, check_product_for_line, validate_quantity,
)
from commerce.domain.catalog import validate_sku
from commerce.errors import NotFound
from commerce.persistence import keys
from commerce.persistence.carts import CartItem, line_write
from commerce.persistence.transaction import TransactionCanceled
from commerce.services import product_cache, selectors
from dealroom.domain.deals import Member, NotAllowed, require_member
from dealroom.persistence import QuoteSkuItem, quote_sku_pk
from dealroom.services.invites import member_get
from dealroom.services.log import commit_with_event


def quote_line_set(*, deal_id: str, user_id: str, sku: str, quantity: int,
                   expected_version: Optional[int] = None, expected_quantity: Optional[int] = None,
                   staff_actor: Optional[str] = None):
    """`expected_version` pins the whole quote; `expected_quantity` pins just this line (what the editor
    saw it at, 0 if absent), so edits of different lines never conflict but the same line never loses one."""
    if staff_actor:  # sales staff preparing the quote: no membership, their name on the event
        member, user_id = Member(deal_id=deal_id, user_id="", email=staff_actor, name=staff_actor,
                                 role="staff", joined_at=0), None
    else:
        member = require_member(member_get(deal_id=deal_id, user_id=user_id))
    validate_sku(sku)
    validate_quantity(quantity)
    product = product_cache.cached_product(sku)
    if quantity and product is None:
        raise NotFound(f"no product with sku {sku!r}")
    if product is not None:
        check_product_for_line(product, quantity)
    state = {}

    def build(deal, tx):
        if not staff_actor and not deal.can_edit(member.role):
            raise NotAllowed("your role can view the quote but not change it")
        state["cart_id"] = deal.cart_id
        cart = selectors.cart_get(cart_id=deal.cart_id)
        if expected_version is not None and cart.version != expected_version:
            raise VersionConflict("someone changed the quote first: here is the latest", current_version=cart.version)
        if cart.status != "open":
            raise CartClosed("this quote has been checked out", order_id=cart.order_id)
        before = cart.line(sku)
        if expected_quantity is not None and (before.quantity if before else 0) != expected_quantity:
            raise VersionConflict(f"{before.name if before else sku} was changed by someone else first: here is the "
                                  f"latest", current_version=cart.version)
        line = None
        if quantity:
            check_line_change(cart, product, quantity)
            line = CartLine(sku=sku, name=product.name, quantity=quantity, unit_price=product.unit_price,
                            added_at=clock.now_ms())
        actions, condition = line_write(sku=sku, line=line, expected_version=cart.version, now=clock.now(),
                                        ttl_seconds=None, deal_id=deal.id)
        if line is None:  # removing a line that is not there: nothing to write, but still no event
            if before is None:
                raise _NoChange(cart)
        tx.update(CartItem(keys.cart_pk(deal.cart_id), keys.CART_SK), actions, condition=condition, label="cart")
        marker = QuoteSkuItem(quote_sku_pk(sku), f"DEAL#{deal.id}", deal_id=deal.id)
        if line is None:
            tx.delete(marker, label="marker")
        else:
            tx.put(marker, label="marker")
        name = product.name if product else (before.name if before else sku)
        payload = {"sku": sku, "name": name, "quantity": quantity, "previous_quantity": before.quantity if before else 0,
                   "quote_version": cart.version + 1, "by": member.name or member.email}
        if product is not None:
            price = deal.pricing.unit_price(sku, product.unit_price)
            payload["unit_price"] = price.as_dict()
            payload["line_total"] = (price * quantity).as_dict()
        return {"type": "quote.line_set", "actor": member.name or member.email, "payload": payload}

    for _ in range(10):
        try:
            commit_with_event(deal_id=deal_id, build=build, actor_user_id=user_id)
            break
        except _NoChange as nothing:
            return nothing.cart
        except TransactionCanceled as exc:
            if not exc.failed("cart"):
                raise
            if expected_version is not None:
                current = selectors.cart_get(cart_id=state["cart_id"])
                raise VersionConflict("someone changed the quote first: here is the latest",
                                      current_version=current.version) from None
            # unpinned: another member's edit landed between our read and write; go again on the new version
    else:
        raise VersionConflict("the quote kept changing while saving; try again",
                              current_version=selectors.cart_get(cart_id=state["cart_id"]).version)
    return selectors.cart_get(cart_id=state["cart_id"])


class _NoChange(Exception):
    def __init__(self, cart) -> None:
        self.cart = cart
