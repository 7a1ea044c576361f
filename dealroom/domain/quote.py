"""Editing the shared quote: what one member's line edit means for the quote as read. Pure Python.

`plan_line` decides from a snapshot (the quote cart as read and the product): a line to write, a line to
remove, or nothing to do; or why not. The service turns the plan into intents and commits; if the quote
moved meanwhile, it reads again and plans again."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from commerce.domain.cart import OPEN, Cart, CartClosed, CartLine, VersionConflict, check_line_change
from commerce.domain.catalog import Product
from commerce.errors import NotFound


@dataclass(frozen=True)
class LinePlan:
    sku: str
    name: str
    line: Optional[CartLine]  # None: remove the line
    previous_quantity: int
    changed: bool  # False: removing a line that is not there, nothing to write


def plan_line(cart: Cart, *, sku: str, quantity: int, product: Optional[Product], now_ms: int,
              expected_version: Optional[int] = None, expected_quantity: Optional[int] = None) -> LinePlan:
    """`expected_version` pins the whole quote; `expected_quantity` pins just this line (what the editor
    saw it at, 0 if absent), so edits of different lines never conflict but the same line never loses one."""
    if expected_version is not None and cart.version != expected_version:
        raise VersionConflict("someone changed the quote first: here is the latest", current_version=cart.version)
    if cart.status != OPEN:
        raise CartClosed("this quote has been checked out", order_id=cart.order_id)
    before = cart.line(sku)
    previous = before.quantity if before else 0
    if expected_quantity is not None and previous != expected_quantity:
        raise VersionConflict(f"{before.name if before else sku} was changed by someone else first: here is the "
                              "latest", current_version=cart.version)
    name = product.name if product else (before.name if before else sku)
    if quantity == 0:
        return LinePlan(sku=sku, name=name, line=None, previous_quantity=previous, changed=before is not None)
    if product is None:
        raise NotFound(f"no product with sku {sku!r}")
    check_line_change(cart, product, quantity)
    line = CartLine(sku=sku, name=product.name, quantity=quantity, unit_price=product.unit_price, added_at=now_ms)
    return LinePlan(sku=sku, name=name, line=line, previous_quantity=previous, changed=True)
