"""Shared carts under concurrency, against DynamoDB Local."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from commerce.domain.cart import MAX_LINES, CartClosed, CartTooLarge, VersionConflict
from commerce.errors import InvalidInput, NotFound
from commerce.services import carts, checkout, selectors
from tests import factories


def test_twenty_members_times_ten_edits_lose_nothing(table):
    skus = [f"S{i:02d}" for i in range(20)]
    for sku in skus:
        factories.product(sku)
    cart = carts.cart_create()

    def member(sku: str) -> None:
        for quantity in range(1, 11):
            carts.cart_line_set(cart_id=cart.id, sku=sku, quantity=quantity)

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(member, skus))
    final = selectors.cart_get(cart_id=cart.id)
    assert {line.sku: line.quantity for line in final.lines} == {sku: 10 for sku in skus}
    assert final.version == 1 + 20 * 10  # every edit is counted: none overwrote another


def test_pinned_version_refuses_a_stale_edit(table):
    factories.product("A")
    factories.product("B")
    cart = carts.cart_create()
    v2 = carts.cart_line_set(cart_id=cart.id, sku="A", quantity=1, expected_version=1)
    assert v2.version == 2
    with pytest.raises(VersionConflict) as conflict:
        carts.cart_line_set(cart_id=cart.id, sku="B", quantity=1, expected_version=1)
    assert conflict.value.extra["current_version"] == 2
    assert selectors.cart_get(cart_id=cart.id).line("B") is None  # nothing was written


def test_concurrent_pinned_edits_one_wins_the_rest_conflict(table):
    factories.product("A")
    cart = carts.cart_create()

    def edit(quantity: int):
        try:
            carts.cart_line_set(cart_id=cart.id, sku="A", quantity=quantity, expected_version=1)
            return "ok"
        except VersionConflict:
            return "conflict"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(edit, range(1, 9)))
    assert outcomes.count("ok") == 1 and outcomes.count("conflict") == 7
    assert selectors.cart_get(cart_id=cart.id).version == 2


def test_zero_removes_and_remove_is_idempotent(table):
    factories.product("A")
    cart = carts.cart_create()
    carts.cart_line_set(cart_id=cart.id, sku="A", quantity=2)
    assert carts.cart_line_set(cart_id=cart.id, sku="A", quantity=0).lines == ()
    again = carts.cart_line_remove(cart_id=cart.id, sku="A")
    assert again.lines == () and again.version == 3


def test_errors(table):
    factories.product("A")
    factories.product("EUR", currency="eur")
    cart = carts.cart_create()
    with pytest.raises(NotFound, match="no product"):
        carts.cart_line_set(cart_id=cart.id, sku="NOPE", quantity=1)
    with pytest.raises(NotFound, match="no such cart"):
        carts.cart_line_set(cart_id="x" * 32, sku="A", quantity=1)
    with pytest.raises(InvalidInput, match="priced in EUR"):
        carts.cart_line_set(cart_id=cart.id, sku="EUR", quantity=1)
    with pytest.raises(InvalidInput):
        carts.cart_line_set(cart_id=cart.id, sku="A", quantity=-1)


def test_a_cart_holds_at_most_max_lines(table):
    for i in range(MAX_LINES + 1):
        factories.product(f"L{i:02d}")
    cart = carts.cart_create()
    for i in range(MAX_LINES):
        carts.cart_line_set(cart_id=cart.id, sku=f"L{i:02d}", quantity=1)
    with pytest.raises(CartTooLarge, match=f"at most {MAX_LINES}"):
        carts.cart_line_set(cart_id=cart.id, sku=f"L{MAX_LINES:02d}", quantity=1)


def test_checked_out_cart_refuses_edits(table):
    factories.product("A")
    cart = carts.cart_create()
    carts.cart_line_set(cart_id=cart.id, sku="A", quantity=1)
    order = checkout.checkout_start(cart_id=cart.id)
    with pytest.raises(CartClosed) as closed:
        carts.cart_line_set(cart_id=cart.id, sku="A", quantity=2)
    assert closed.value.extra["order_id"] == order.id


def test_cart_ids_are_unguessable(table):
    ids = {carts.cart_create().id for _ in range(20)}
    assert len(ids) == 20 and all(len(i) == 32 for i in ids)  # 24 random bytes each
