import pytest

from commerce.domain.money import Money
from commerce.errors import InvalidInput


def test_adds_and_multiplies_in_minor_units():
    assert Money(1999, "usd") + Money(1, "USD") == Money(2000, "usd")
    assert Money(250, "eur") * 4 == Money(1000, "eur")


@pytest.mark.parametrize("amount", [1.5, "100", None, True, -1])
def test_refuses_anything_but_non_negative_integers(amount):
    with pytest.raises(InvalidInput):
        Money(amount, "usd")


def test_refuses_mixing_currencies():
    with pytest.raises(InvalidInput, match="USD with EUR"):
        Money(1, "usd") + Money(1, "eur")


@pytest.mark.parametrize("code", ["us", "dollars", "", "u$d"])
def test_refuses_bad_currency_codes(code):
    with pytest.raises(InvalidInput, match="three-letter"):
        Money(1, code)


@pytest.mark.parametrize("money, text", [
    (Money(123456, "usd"), "$1,234.56"), (Money(5, "usd"), "$0.05"), (Money(500, "jpy"), "¥500"),
    (Money(1000, "chf"), "10.00 CHF"),
])
def test_display(money, text):
    assert money.display() == text
