"""Release, commit and expiry of reservations: each exactly once, even when called concurrently."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from commerce.domain.orders import InvalidTransition
from commerce.domain.stock import COMMITTED, RELEASED
from commerce.services import carts, checkout, orders, selectors
from tests import factories
from tests.table import reservation, stock


def levels(sku: str) -> tuple[int, int, int]:
    found = stock(sku)
    return found.on_hand, found.reserved, found.available


def place_order(**lines: int):
    cart = carts.cart_create()
    for sku, quantity in lines.items():
        carts.cart_line_set(cart_id=cart.id, sku=sku, quantity=quantity)
    return checkout.checkout_start(cart_id=cart.id)


def test_cancel_releases_exactly_once_under_concurrency(table):
    factories.product("A", stock=10)
    order = place_order(A=3)
    assert levels("A") == (10, 3, 7)
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda _: orders.order_cancel(order_id=order.id).status, range(10)))
    assert results == ["canceled"] * 10
    assert levels("A") == (10, 0, 10)
    assert reservation("A", order.id).status == RELEASED


def test_paid_commits_exactly_once(table):
    factories.product("A", stock=10)
    order = place_order(A=4)
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda _: orders.order_mark_paid(order_id=order.id), range(6)))
    assert levels("A") == (6, 0, 6)
    assert reservation("A", order.id).status == COMMITTED
    assert selectors.order_get(order_id=order.id).status == "paid"
    with pytest.raises(InvalidTransition):
        orders.order_cancel(order_id=order.id)


def test_lapsed_reservation_reads_as_released_then_concurrent_sweeps_release_once(table, settings):
    factories.product("A", stock=5)
    settings.CHECKOUT_HOLD_SECONDS = 0  # the hold ends at once
    order = place_order(A=5)
    assert levels("A") == (5, 5, 0)  # stored: still reserved
    assert selectors.product_get(sku="A").available == 5  # read: the lapsed hold counts as released

    with ThreadPoolExecutor(max_workers=8) as pool:
        swept = list(pool.map(lambda _: orders.reservations_sweep(), range(8)))
    assert sum(swept) == 1  # exactly one sweep released it
    assert levels("A") == (5, 0, 5)
    assert selectors.order_get(order_id=order.id).status == "expired"
    assert reservation("A", order.id).status == RELEASED
    assert orders.reservations_sweep() == 0


def test_checkout_releases_lapsed_holds_it_runs_into(table, settings):
    factories.product("A", stock=1)
    settings.CHECKOUT_HOLD_SECONDS = 0
    first = place_order(A=1)
    settings.CHECKOUT_HOLD_SECONDS = 1800
    second = place_order(A=1)  # no sweeper ran: checkout released the lapsed hold itself
    assert selectors.order_get(order_id=first.id).status == "expired"
    assert second.status == "pending_payment"
    assert levels("A") == (1, 1, 0)


def test_sweep_leaves_live_holds_alone(table):
    factories.product("A", stock=5)
    order = place_order(A=2)
    assert orders.reservations_sweep() == 0
    assert selectors.order_get(order_id=order.id).status == "pending_payment"
    assert levels("A") == (5, 2, 3)


def test_an_order_never_paid_gives_its_cart_back(table):
    """Canceled (Stripe refused to open the payment, say) or expired: the shopper's cart opens again with
    its lines, so they can try again with the same items."""
    factories.product("A", stock=5)
    cart = carts.cart_create()
    carts.cart_line_set(cart_id=cart.id, sku="A", quantity=2)
    order = checkout.checkout_start(cart_id=cart.id)
    assert selectors.cart_get(cart_id=cart.id).status == "checked_out"
    orders.order_cancel(order_id=order.id)
    again = selectors.cart_get(cart_id=cart.id)
    assert again.status == "open" and again.order_id is None
    assert [(line.sku, line.quantity) for line in again.lines] == [("A", 2)]
    assert checkout.checkout_start(cart_id=cart.id).status == "pending_payment"
