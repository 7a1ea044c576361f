"""Checkout: ONE TransactWriteItems reserves every line (condition: available >= quantity), writes a
reservation per line and the order (pending_payment), and locks the cart at the version read. Oversell
is impossible, not unlikely: DynamoDB evaluates every condition atomically.

`checkout_plan` adds those intents to a caller's unit of work, so the deal room pays for a quote in the
same transaction as its deal's event (never a checked-out quote without its order on the deal);
`checkout_explain` turns a refused commit into the domain's answer. `checkout_start` is the storefront's.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Optional

from django.conf import settings

from commerce import clock, ids
from commerce.domain.cart import Cart, CartClosed, VersionConflict, check_checkout, check_hold_limit
from commerce.domain.money import Money
from commerce.domain.orders import PENDING_PAYMENT, Order, OrderLine
from commerce.domain.payouts import check_payable
from commerce.domain.stock import InsufficientStock
from commerce.errors import InvalidInput, NotFound
from commerce.persistence import retry
from commerce.persistence.stock import available_in
from commerce.persistence.transaction import TransactionCanceled
from commerce.persistence.uow import UnitOfWork, unit_of_work
from commerce.services import limits
from commerce.services.carts import deal_quote_error
from commerce.services.orders import order_expire_lapsed_for_skus
from commerce.services.payees import payees_at_checkout
from config.observability import metrics, tracing

UnitPrice = Callable[[str, Money], Money]  # (sku, list price) -> the price this buyer pays


def checkout_start(*, cart_id: str, customer_id: Optional[str] = None, client: Optional[str] = None) -> Order:
    """The storefront's checkout of a shopper's cart (a deal's quote is paid in its room). An unpaid
    checkout holds at most CHECKOUT_MAX_UNITS_PER_PRODUCT of each product; `client` is counted against the
    per-client hourly limit on checkouts."""
    ids.check_id(cart_id, "cart")
    if client is not None:
        limits.checkout_allowed(client=client)

    def attempt() -> Order:
        u = unit_of_work()
        cart = u.carts.get(cart_id)
        if cart is None:
            raise NotFound("no such cart (it may have expired)")
        if cart.deal_id:
            raise deal_quote_error(cart.deal_id)
        check_hold_limit(cart, settings.CHECKOUT_MAX_UNITS_PER_PRODUCT)
        order = checkout_plan(u, cart=cart, customer_id=customer_id)
        try:
            u.commit()
        except TransactionCanceled as exc:
            checkout_explain(exc, order=order, cart_id=cart_id)
        return order

    order = with_lapsed_released(lambda: retry.attempt(attempt, busy="the cart kept changing; try again"))
    tracing.annotate(order_id=order.id)
    return order


@metrics.counts(InsufficientStock, metrics.CHECKOUT_INSUFFICIENT_STOCK)
def with_lapsed_released(checkout: Callable[[], Order]) -> Order:
    """Reads treat lapsed reservations as released; so does checkout: when stock runs short, release the
    lapsed holds on the short products and try once more."""
    try:
        return checkout()
    except InsufficientStock as exc:
        if not order_expire_lapsed_for_skus(skus=[s["sku"] for s in exc.extra["shortages"]]):
            raise
    return checkout()


def checkout_plan(u: UnitOfWork, *, cart: Cart, customer_id: Optional[str] = None, deal_id: Optional[str] = None,
                  unit_price: Optional[UnitPrice] = None, expected_version: Optional[int] = None) -> Order:
    """Add the checkout of `cart` (as read) to `u` and return the order it creates. `unit_price` applies
    negotiated prices (a deal's tier); `expected_version` checks out exactly the quote version approved."""
    check_checkout(cart, deal_id=deal_id)
    if expected_version is not None and cart.version != expected_version:
        raise VersionConflict(f"the quote is at version {cart.version}, not {expected_version}",
                              current_version=cart.version)
    products = u.products.get_many([line.sku for line in cart.lines])
    lines = []
    for line in cart.lines:
        product = products.get(line.sku)
        if product is None or not product.active:
            raise InvalidInput(f"{line.name} is no longer sold: remove it from the cart to check out", sku=line.sku)
        price = unit_price(line.sku, product.unit_price) if unit_price else product.unit_price
        lines.append(OrderLine(sku=line.sku, name=product.name, quantity=line.quantity, unit_price=price,
                               recurring_interval=product.recurring_interval, vendor_id=product.vendor_id))
    vendors = {line.vendor_id: line.name for line in lines if line.vendor_id}
    now = clock.now()
    order = Order(id=ids.new_id(), status=PENDING_PAYMENT, currency=cart.currency, lines=tuple(lines), created_at=now,
                  hold_until=now + settings.CHECKOUT_HOLD_SECONDS, cart_id=cart.id, customer_id=customer_id,
                  payees=payees_at_checkout(u, set(vendors), names=vendors))
    check_payable(order)
    for line in order.lines:
        u.stock.reserve(sku=line.sku, order_id=order.id, quantity=line.quantity, hold_until=order.hold_until)
    u.orders.add(order)
    u.carts.check_out(cart, order_id=order.id)
    return order


def checkout_explain(exc: TransactionCanceled, *, order: Order, cart_id: str,
                     expected_version: Optional[int] = None) -> None:
    """A refused checkout: short stock names every short sku; a moved cart is closed, a conflict for a
    pinned version, or else a reason to plan again. Never returns."""
    if exc.conflict:
        raise exc
    wanted = {line.sku: line.quantity for line in order.lines}
    shortages = [{"sku": f.label.split(":", 1)[1], "requested": wanted[f.label.split(":", 1)[1]],
                  "available": available_in(f)} for f in exc.failed("stock:")]
    if shortages:
        first = shortages[0]
        raise InsufficientStock(f"only {first['available']} of {first['sku']} available, {first['requested']} wanted",
                                sku=first["sku"], available=first["available"], shortages=shortages) from None
    if exc.failed("cart"):
        current = unit_of_work().carts.get(cart_id)
        if current is not None and current.status != "open":
            raise CartClosed("this cart has already been checked out", order_id=current.order_id) from None
        if expected_version is not None and current is not None:
            raise VersionConflict("the quote changed while checking out", current_version=current.version) from None
        raise retry.Replan() from None
    raise exc
