"""Cart writes. A line change is one conditional write on the line's own entry (see persistence/carts.py):
concurrent shoppers' edits never lose each other's lines, and a pinned `expected_version` that no longer
matches is a conflict the caller sees (409 with the current version). A deal's quote is a cart too, but it
is edited only through its room (dealroom composes the same intents with its event): here it is refused."""
from __future__ import annotations

from typing import Optional

from commerce import access, clock, ids
from commerce.domain.cart import (
    OPEN,
    Cart,
    CartClosed,
    CartLine,
    DealQuote,
    VersionConflict,
    check_line_change,
    check_product_for_line,
    validate_quantity,
)
from commerce.domain.catalog import Product, validate_sku
from commerce.domain.money import normalize_currency
from commerce.errors import NotFound
from commerce.persistence import retry
from commerce.persistence.transaction import TransactionCanceled
from commerce.persistence.uow import unit_of_work
from commerce.services import limits, product_cache
from config.observability import metrics

# A shopper's cart lives 30 days after its last change. Deal quotes never expire.
ANONYMOUS_CART_TTL = 30 * 24 * 3600

def deal_quote_error(deal_id: str) -> DealQuote:
    return DealQuote("this cart is a deal's quote: open it in the deal room", deal_id=deal_id,
                     room_url=access.quote_url(deal_id))


def cart_create(*, currency: str = "usd", owner_id: Optional[str] = None, client: Optional[str] = None) -> Cart:
    """A shopper's cart (a deal's quote is created with its deal). `client`: counted against the
    per-client hourly limit."""
    cart = Cart(id=ids.new_id(), version=1, currency=normalize_currency(currency))
    if client is not None:
        limits.cart_allowed(client=client)
    now = clock.now()
    u = unit_of_work()
    u.carts.add(cart, owner_id=owner_id, now=now, expires_at=now + ANONYMOUS_CART_TTL)
    u.commit()
    return cart


@metrics.counts(VersionConflict, metrics.CART_VERSION_CONFLICTS)
def cart_line_set(*, cart_id: str, sku: str, quantity: int, expected_version: Optional[int] = None) -> Cart:
    """Set a line's quantity (0 removes it). One DynamoDB call when the product is cached: a single
    conditional UpdateItem that also returns the new cart. A failed condition is explained by a re-read."""
    ids.check_id(cart_id, "cart")
    validate_sku(sku)
    validate_quantity(quantity)
    if quantity == 0:
        return _write(cart_id, sku, None, None, expected_version)
    product = product_cache.cached_product(sku)
    if product is None:
        raise NotFound(f"no product with sku {sku!r}")
    check_product_for_line(product, quantity)
    line = CartLine(sku=sku, name=product.name, quantity=quantity, unit_price=product.unit_price,
                    added_at=clock.now_ms())
    return _write(cart_id, sku, line, product, expected_version)


def cart_line_remove(*, cart_id: str, sku: str, expected_version: Optional[int] = None) -> Cart:
    ids.check_id(cart_id, "cart")
    validate_sku(sku)
    return _write(cart_id, sku, None, None, expected_version)


def _write(cart_id: str, sku: str, line: Optional[CartLine], product: Optional[Product],
           expected_version: Optional[int]) -> Cart:
    def attempt() -> Cart:
        u = unit_of_work()
        written = u.carts.set_line(cart_id=cart_id, sku=sku, line=line, expected_version=expected_version,
                                   now=clock.now(), ttl_seconds=ANONYMOUS_CART_TTL, deal_id=None)
        try:
            u.commit()
            return written()
        except TransactionCanceled as exc:
            if exc.conflict:
                raise
            return _explain(unit_of_work().carts.get(cart_id), line, product, expected_version)

    return retry.attempt(attempt, busy="the cart kept changing while saving; try again")


def _explain(current: Optional[Cart], line: Optional[CartLine], product: Optional[Product],
             expected_version: Optional[int]) -> Cart:
    """The write's condition failed: say why with the domain's own rules, from the cart as it is now."""
    if current is None:
        raise NotFound("no such cart (it may have expired)")
    if current.deal_id:
        raise deal_quote_error(current.deal_id)
    if current.status != OPEN:
        raise CartClosed("this cart has been checked out; start a new cart", order_id=current.order_id)
    if expected_version is not None and expected_version != current.version:
        raise VersionConflict(
            f"the cart is at version {current.version}, not {expected_version}: someone else changed it",
            current_version=current.version)
    if line is None:
        return current  # the line is not there (anymore): the outcome the caller asked for
    assert product is not None
    check_line_change(current, product, line.quantity)  # currency, line limit
    # Nothing is wrong with the cart as it is now: a concurrent change (a line removed from a full cart,
    # say) moved it between our write and our read. Plan again.
    raise retry.Replan()
