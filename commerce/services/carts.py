"""Cart writes. A line change is one conditional write on the line's own entry (see persistence/carts.py):
concurrent members editing one cart never lose each other's edits, and a pinned `expected_version` that
no longer matches is a conflict the caller sees (409 with the current version)."""
from __future__ import annotations

import random
import time
from typing import Optional

from commerce import clock, ids
from commerce.domain.cart import (
    OPEN, Cart, CartClosed, CartLine, VersionConflict, check_line_change, check_product_for_line, validate_quantity,
)
from commerce.domain.catalog import Product, validate_sku
from commerce.domain.money import normalize_currency
from commerce.errors import Conflict, NotFound
from commerce.persistence import carts as cart_store
from commerce.persistence.carts import CartItem
from commerce.persistence.transaction import conflict_retry
from commerce.services import product_cache, selectors

# A shopper's cart lives 30 days after its last change. Deal quotes never expire: the deal room, which
# authorizes its members against the deal before editing, passes ttl_seconds=None.
ANONYMOUS_CART_TTL = 30 * 24 * 3600


class DealQuote(Conflict):
    """A deal's quote is edited through its room, by members whose role may edit (dealroom)."""

    code = "deal_quote"


def cart_create(*, currency: str = "usd", deal_id: Optional[str] = None, owner_id: Optional[str] = None) -> Cart:
    now = clock.now()
    item = cart_store.new_cart_item(
        cart_id=ids.new_id(), currency=normalize_currency(currency), deal_id=deal_id, owner_id=owner_id,
        now=now, ttl=None if deal_id else now + ANONYMOUS_CART_TTL,
    )
    item.save(condition=CartItem.pk.does_not_exist())
    return item.to_domain()


def cart_line_set(*, cart_id: str, sku: str, quantity: int, expected_version: Optional[int] = None,
                  ttl_seconds: Optional[int] = ANONYMOUS_CART_TTL) -> Cart:
    """Set a line's quantity (0 removes it). One DynamoDB call when the product is cached: a single
    conditional UpdateItem that also returns the new cart. A failed condition is explained by a re-read."""
    ids.check_id(cart_id, "cart")
    validate_sku(sku)
    validate_quantity(quantity)
    if quantity == 0:
        return _write(cart_id, sku, None, None, expected_version, ttl_seconds)
    product = product_cache.cached_product(sku)
    if product is None:
        raise NotFound(f"no product with sku {sku!r}")
    check_product_for_line(product, quantity)
    line = CartLine(sku=sku, name=product.name, quantity=quantity, unit_price=product.unit_price,
                    added_at=clock.now_ms())
    return _write(cart_id, sku, line, product, expected_version, ttl_seconds)


def cart_line_remove(*, cart_id: str, sku: str, expected_version: Optional[int] = None,
                     ttl_seconds: Optional[int] = ANONYMOUS_CART_TTL) -> Cart:
    ids.check_id(cart_id, "cart")
    validate_sku(sku)
    return _write(cart_id, sku, None, None, expected_version, ttl_seconds)


def _write(cart_id: str, sku: str, line: Optional[CartLine], product: Optional[Product],
           expected_version: Optional[int], ttl_seconds: Optional[int]) -> Cart:
    attempts = 5
    for attempt in range(attempts):
        updated = conflict_retry(lambda: cart_store.write_line(
            cart_id=cart_id, sku=sku, line=line, expected_version=expected_version, now=clock.now(),
            ttl_seconds=ttl_seconds,
        ))
        if updated is not None:
            return updated
        # The condition failed: read the cart as it is now and say why, with the domain's own rules.
        current = selectors.cart_get(cart_id=cart_id)
        if current.deal_id:
            raise DealQuote("this cart is a deal's quote: edit it in the deal room", deal_id=current.deal_id)
        if current.status != OPEN:
            raise CartClosed("this cart has been checked out; start a new cart", order_id=current.order_id)
        _check_version(current, expected_version)
        if line is None:
            return current  # the line is not there (anymore): the outcome the caller asked for
        check_line_change(current, product, line.quantity)  # currency, line limit
        # Nothing is wrong with the cart as it is now: a concurrent change (say, a line removed from a
        # full cart) moved it between our write and our read. Unpinned writes try again, with jitter.
        if expected_version is not None:
            break
        time.sleep(random.uniform(0, 0.02 * 2 ** attempt))
    raise VersionConflict("the cart kept changing while saving; try again", current_version=current.version)


def _check_version(cart: Cart, expected_version: Optional[int]) -> None:
    if expected_version is not None and expected_version != cart.version:
        raise VersionConflict(
            f"the cart is at version {cart.version}, not {expected_version}: someone else changed it",
            current_version=cart.version,
        )
