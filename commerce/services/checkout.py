"""Checkout start: ONE TransactWriteItems reserves every line (condition: available >= quantity),
writes a reservation per line and the order (pending_payment), and locks the cart at the version read.
Oversell is impossible, not unlikely: DynamoDB evaluates every condition atomically."""
from __future__ import annotations

from typing import Callable, Optional

from django.conf import settings

from commerce import clock, ids
from commerce.domain.cart import CartClosed, VersionConflict, check_checkout
from commerce.domain.money import Money
from commerce.domain.orders import PENDING_PAYMENT, Order, OrderLine
from commerce.domain.stock import HELD, InsufficientStock
from commerce.errors import InvalidInput
from commerce.persistence import keys
from commerce.persistence.carts import CartItem
from commerce.persistence.catalog import StockItem
from commerce.persistence.orders import OrderItem, ReservationItem
from commerce.persistence.transaction import Transaction, TransactionCanceled, with_retries
from commerce.services import selectors
from commerce.services.orders import order_expire_lapsed_for_skus

# Reservations are garbage-collected by TTL a week after their hold: the sweeper (and every read)
# releases them at hold_until; TTL only removes the record once it no longer matters.
RESERVATION_RETENTION = 7 * 24 * 3600


class _CartMoved(Exception):
    """The cart changed between our read and the transaction: read again and retry."""


UnitPrice = Callable[[str, Money], Money]  # (sku, list price) -> the price this buyer pays


def checkout_start(*, cart_id: str, customer_id: Optional[str] = None, unit_price: Optional[UnitPrice] = None,
                   expected_version: Optional[int] = None) -> Order:
    """`unit_price` applies negotiated prices (a deal's tier); `expected_version` checks out exactly the
    quote version that was approved, or nothing."""
    ids.check_id(cart_id, "cart")
    released_lapsed = False
    while True:
        try:
            return with_retries(lambda: _attempt(cart_id, customer_id, unit_price, expected_version),
                                retry_if=_retryable, attempts=20)
        except InsufficientStock as exc:
            # Reads treat lapsed reservations as released; so does checkout: release them and try once more.
            if released_lapsed or not order_expire_lapsed_for_skus(skus=[s["sku"] for s in exc.extra["shortages"]]):
                raise
            released_lapsed = True


def _retryable(exc: Exception) -> bool:
    return isinstance(exc, _CartMoved) or (isinstance(exc, TransactionCanceled) and exc.conflict)


def _attempt(cart_id: str, customer_id: Optional[str], unit_price: Optional[UnitPrice],
             expected_version: Optional[int]) -> Order:
    cart = selectors.cart_get(cart_id=cart_id)
    check_checkout(cart)
    if expected_version is not None and cart.version != expected_version:
        raise VersionConflict(f"the quote is at version {cart.version}, not {expected_version}",
                              current_version=cart.version)
    products = selectors.products_get(skus=[line.sku for line in cart.lines])
    lines = []
    for line in cart.lines:
        product = products.get(line.sku)
        if product is None or not product.active:
            raise InvalidInput(f"{line.name} is no longer sold: remove it from the cart to check out", sku=line.sku)
        price = unit_price(line.sku, product.unit_price) if unit_price else product.unit_price
        lines.append(OrderLine(sku=line.sku, name=product.name, quantity=line.quantity, unit_price=price,
                               recurring_interval=product.recurring_interval))
    now = clock.now()
    order = Order(
        id=ids.new_id(), status=PENDING_PAYMENT, currency=cart.currency, lines=tuple(lines), created_at=now,
        hold_until=now + settings.CHECKOUT_HOLD_SECONDS, cart_id=cart.id, customer_id=customer_id,
    )
    tx = Transaction()
    for line in order.lines:
        stock = StockItem(keys.product_pk(line.sku), keys.STOCK_SK)
        tx.update(stock, [StockItem.reserved.add(line.quantity), StockItem.available.add(-line.quantity)],
                  condition=StockItem.available >= line.quantity, label=f"stock:{line.sku}", return_old=True)
        tx.put(ReservationItem(
            keys.product_pk(line.sku), keys.reservation_sk(order.id), sku=line.sku, order_id=order.id,
            quantity=line.quantity, hold_until=order.hold_until, status=HELD,
            gsi1pk=keys.HELD_RESERVATIONS_PK, gsi1sk=keys.held_reservation_sk(order.hold_until, line.sku, order.id),
            expires_at=clock.ttl(order.hold_until + RESERVATION_RETENTION),
        ), condition=ReservationItem.pk.does_not_exist(), label=f"reservation:{line.sku}")
    tx.put(OrderItem.from_domain(order), condition=OrderItem.pk.does_not_exist(), label="order")
    tx.update(CartItem(keys.cart_pk(cart.id), keys.CART_SK),
              [CartItem.status.set("checked_out"), CartItem.order_id.set(order.id), CartItem.version.add(1)],
              condition=(CartItem.version == cart.version) & (CartItem.status == "open"), label="cart")
    try:
        tx.commit()
    except TransactionCanceled as exc:
        shortages = _shortages(exc, order)
        if shortages:
            first = shortages[0]
            raise InsufficientStock(
                f"only {first['available']} of {first['sku']} available, {first['requested']} wanted",
                sku=first["sku"], available=first["available"], shortages=shortages,
            ) from None
        if exc.failed("cart"):
            current = selectors.cart_get(cart_id=cart.id)
            if current.status != "open":
                raise CartClosed("this cart has already been checked out", order_id=current.order_id) from None
            if expected_version is not None:
                raise VersionConflict("the quote changed while checking out", current_version=current.version) from None
            raise _CartMoved() from None
        raise
    return order


def _shortages(exc: TransactionCanceled, order: Order) -> list[dict]:
    wanted = {line.sku: line.quantity for line in order.lines}
    found = []
    for failure in exc.failed("stock:"):
        sku = failure.label.split(":", 1)[1]
        old = failure.old_item or {}
        available = int(old.get("available", {}).get("N", 0)) if old else 0
        found.append({"sku": sku, "requested": wanted[sku], "available": max(0, available)})
    return found
