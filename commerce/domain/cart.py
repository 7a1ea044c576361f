"""Carts: lines of products, a version that moves on every change, one currency.

A cart is shared (several committee members may edit one deal's quote), so every change is checked
against the rules here and then applied by persistence as one conditional write.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from commerce.domain.catalog import Product
from commerce.domain.money import Money
from commerce.errors import Conflict, InvalidInput

OPEN, CHECKED_OUT = "open", "checked_out"
MAX_QUANTITY = 10_000
# Checkout writes 2 items per line (stock + reservation) plus the order and the cart in ONE DynamoDB
# transaction, whose limit is 100 actions; a deal's payment adds its deal, its event and its member to the
# same transaction: 2 * 47 + 2 + 3 = 99.
MAX_LINES = 47


class CartTooLarge(Conflict):
    code = "cart_too_large"


class CartClosed(Conflict):
    code = "cart_checked_out"


class VersionConflict(Conflict):
    """Someone else changed it first; `current_version` says what it is now."""

    code = "version_conflict"


class DealQuote(Conflict):
    """A deal's quote is seen, edited and paid only in its deal room (`room_url`)."""

    code = "deal_quote"



@dataclass(frozen=True)
class CartLine:
    sku: str
    name: str
    quantity: int
    unit_price: Money
    added_at: int = 0  # epoch ms, keeps lines in the order they were first added

    @property
    def line_total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Cart:
    id: str
    version: int
    currency: str
    lines: tuple[CartLine, ...] = ()
    status: str = OPEN
    order_id: Optional[str] = None
    deal_id: Optional[str] = None

    @property
    def total(self) -> Money:
        return Money.total((line.line_total for line in self.lines), self.currency)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def line(self, sku: str) -> Optional[CartLine]:
        return next((line for line in self.lines if line.sku == sku), None)


def validate_quantity(quantity: object) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidInput("quantity must be a whole number")
    if not 0 <= quantity <= MAX_QUANTITY:
        raise InvalidInput(f"quantity must be between 0 and {MAX_QUANTITY}")
    return quantity


def check_product_for_line(product: Product, quantity: int) -> None:
    """What can be decided from the product alone, before any write."""
    validate_quantity(quantity)
    if quantity and not product.active:
        raise InvalidInput(f"{product.name} is no longer sold")


def check_line_change(cart: Cart, product: Product, quantity: int) -> None:
    """Every rule for setting a line. The write enforces the cart's part of them atomically in its
    condition; this explains a refused write, and serves callers that already hold the cart."""
    check_product_for_line(product, quantity)
    if cart.status != OPEN:
        raise CartClosed("this cart has been checked out; start a new cart", order_id=cart.order_id)
    if quantity == 0:
        return
    if product.unit_price.currency != cart.currency:
        raise InvalidInput(
            f"{product.name} is priced in {product.unit_price.currency.upper()}, "
            f"this cart is in {cart.currency.upper()}"
        )
    if cart.line(product.sku) is None and len(cart.lines) >= MAX_LINES:
        raise CartTooLarge(f"a cart holds at most {MAX_LINES} different products", max_lines=MAX_LINES)


def check_checkout(cart: Cart, *, deal_id: Optional[str] = None) -> None:
    """`deal_id`: the deal room paying for its own quote; any other checkout of a quote is refused."""
    if cart.deal_id != deal_id:
        raise DealQuote("this cart is a deal's quote: only its deal room can check it out", deal_id=cart.deal_id)
    if cart.status != OPEN:
        raise CartClosed("this cart has already been checked out", order_id=cart.order_id)
    if not cart.lines:
        raise EmptyCart("the cart is empty: add a product before checking out")
    if len(cart.lines) > MAX_LINES:
        raise CartTooLarge(
            f"a cart with {len(cart.lines)} products cannot be reserved at once; split it (max {MAX_LINES})",
            max_lines=MAX_LINES,
        )


def check_hold_limit(cart: Cart, max_units: int) -> None:
    """An unpaid checkout may hold at most `max_units` of any one product (0: no limit)."""
    for line in cart.lines:
        if max_units and line.quantity > max_units:
            raise HoldTooLarge(f"a checkout can hold at most {max_units} of {line.name}; for more, ask us for a quote",
                               sku=line.sku, max_units=max_units)


class HoldTooLarge(InvalidInput):
    """More units of one product than one unpaid checkout may hold."""

    code = "hold_too_large"


class EmptyCart(Conflict):
    code = "empty_cart"
