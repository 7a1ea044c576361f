import pytest

from commerce.domain.cart import (
    MAX_LINES,
    Cart,
    CartClosed,
    CartLine,
    CartTooLarge,
    EmptyCart,
    check_checkout,
    check_line_change,
    validate_quantity,
)
from commerce.domain.catalog import Product
from commerce.domain.money import Money
from commerce.errors import InvalidInput

DOCK = Product(sku="DOCK", name="Dock", category="hardware", unit_price=Money(2500, "usd"))


def cart_with(n_lines: int, **kwargs) -> Cart:
    lines = tuple(CartLine(sku=f"S{i}", name=f"S{i}", quantity=1, unit_price=Money(100, "usd")) for i in range(n_lines))
    return Cart(id="c" * 20, version=1, currency="usd", lines=lines, **kwargs)


def test_total_sums_lines():
    cart = Cart(id="c" * 20, version=3, currency="usd", lines=(
        CartLine(sku="A", name="A", quantity=2, unit_price=Money(150, "usd")),
        CartLine(sku="B", name="B", quantity=1, unit_price=Money(99, "usd")),
    ))
    assert cart.total == Money(399, "usd")
    assert cart.item_count == 3


@pytest.mark.parametrize("quantity", [-1, 10_001, 1.0, "2", True])
def test_quantity_must_be_a_sane_whole_number(quantity):
    with pytest.raises(InvalidInput):
        validate_quantity(quantity)


def test_line_limit_keeps_checkout_in_one_transaction():
    assert 2 * MAX_LINES + 2 <= 100
    with pytest.raises(CartTooLarge):
        check_line_change(cart_with(MAX_LINES), DOCK, 1)
    check_line_change(cart_with(MAX_LINES - 1), DOCK, 1)  # one more still fits


def test_existing_line_can_change_in_a_full_cart():
    full = cart_with(MAX_LINES)
    check_line_change(full, Product(sku="S0", name="S0", category="hardware", unit_price=Money(100, "usd")), 5)


def test_closed_cart_refuses_changes():
    with pytest.raises(CartClosed):
        check_line_change(cart_with(1, status="checked_out"), DOCK, 1)


def test_currency_and_active_checks():
    euro = Product(sku="E", name="Euro thing", category="hardware", unit_price=Money(100, "eur"))
    with pytest.raises(InvalidInput, match="priced in EUR"):
        check_line_change(cart_with(0), euro, 1)
    retired = Product(sku="R", name="Retired", category="hardware", unit_price=Money(100, "usd"), active=False)
    with pytest.raises(InvalidInput, match="no longer sold"):
        check_line_change(cart_with(0), retired, 1)


def test_checkout_rules():
    with pytest.raises(EmptyCart):
        check_checkout(cart_with(0))
    with pytest.raises(CartClosed):
        check_checkout(cart_with(1, status="checked_out"))
    with pytest.raises(CartTooLarge):
        check_checkout(cart_with(MAX_LINES + 1))
    check_checkout(cart_with(MAX_LINES))
