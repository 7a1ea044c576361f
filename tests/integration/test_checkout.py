"""Checkout reservations on DynamoDB Local: one transaction per checkout, oversell impossible."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from commerce.domain.cart import CartClosed, EmptyCart
from commerce.domain.stock import HELD, InsufficientStock
from commerce.services import carts, checkout, selectors
from tests import factories
from tests.table import count, reservation, stock


def cart_with(**lines: int):
    cart = carts.cart_create()
    for sku, quantity in lines.items():
        carts.cart_line_set(cart_id=cart.id, sku=sku, quantity=quantity)
    return cart


def test_checkout_reserves_writes_order_and_locks_cart(table):
    factories.product("A", price=250, stock=10)
    factories.product("B", price=1000, stock=3)
    cart = cart_with(A=4, B=3)
    order = checkout.checkout_start(cart_id=cart.id)
    assert order.status == "pending_payment" and order.total.amount == 4 * 250 + 3 * 1000
    assert (stock("A").on_hand, stock("A").reserved, stock("A").available) == (10, 4, 6)
    assert (stock("B").on_hand, stock("B").reserved, stock("B").available) == (3, 3, 0)
    held = reservation("A", order.id)
    assert held.status == HELD and held.quantity == 4 and held.hold_until == order.hold_until
    assert selectors.order_get(order_id=order.id).lines == order.lines
    closed = selectors.cart_get(cart_id=cart.id)
    assert closed.status == "checked_out" and closed.order_id == order.id
    with pytest.raises(CartClosed):
        checkout.checkout_start(cart_id=cart.id)


def test_one_short_line_cancels_everything_and_says_which(table):
    factories.product("A", stock=10)
    factories.product("B", stock=2)
    cart = cart_with(A=1, B=5)
    with pytest.raises(InsufficientStock) as short:
        checkout.checkout_start(cart_id=cart.id)
    assert short.value.extra["sku"] == "B" and short.value.extra["available"] == 2
    assert stock("A").reserved == 0  # the A line was not half-reserved
    assert selectors.cart_get(cart_id=cart.id).status == "open"
    assert count("Order") == 0


def test_empty_cart(table):
    with pytest.raises(EmptyCart):
        checkout.checkout_start(cart_id=carts.cart_create().id)


def test_two_hundred_buyers_fifty_units(table):
    factories.product("HOT", stock=50)
    buyers = [cart_with(HOT=1) for _ in range(200)]

    def buy(cart):
        try:
            return checkout.checkout_start(cart_id=cart.id).id
        except InsufficientStock as exc:
            return ("short", exc.extra["available"])

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(buy, buyers))
    orders = [o for o in outcomes if isinstance(o, str)]
    short = [o for o in outcomes if isinstance(o, tuple)]
    assert len(orders) == 50 and len(set(orders)) == 50
    assert len(short) == 150 and all(available == 0 for _, available in short)
    hot = stock("HOT")
    assert (hot.on_hand, hot.reserved, hot.available) == (50, 50, 0)
    held = [r for r in (reservation("HOT", o) for o in orders) if r is not None and r.status == HELD]
    assert sum(r.quantity for r in held) == hot.reserved
    assert {r.order_id for r in held} == set(orders)
    assert all(selectors.order_get(order_id=o).status == "pending_payment" for o in orders)
