import json

import pytest

from commerce.domain.money import THREE_DECIMAL, ZERO_DECIMAL, Money, exponent, format_money, money_formats
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


# One table of exponents (Stripe's zero- and three-decimal lists): the text a page shows follows it.

@pytest.mark.parametrize("currency, places", [
    ("usd", 2), ("EUR", 2), ("jpy", 0), ("krw", 0), ("kwd", 3), ("bhd", 3), ("jod", 3), ("omr", 3), ("tnd", 3),
    ("isk", 2),  # Stripe's special case: whole krónur, but the API still counts them in hundredths
    ("xyz", 2),  # a code we know nothing about gets the common default
])
def test_exponent_per_currency(currency, places):
    assert exponent(currency) == places


@pytest.mark.parametrize("amount, currency, text", [
    (123456, "usd", "$1,234.56"), (5, "usd", "$0.05"), (0, "usd", "$0.00"),
    (1200, "eur", "€12.00"), (99_999_999_999, "eur", "€999,999,999.99"),
    (500, "jpy", "¥500"), (1234567, "JPY", "¥1,234,567"), (5, "krw", "5 KRW"),
    (1500, "kwd", "1.500 KWD"), (1234567, "kwd", "1,234.567 KWD"), (5, "bhd", "0.005 BHD"),
    (1000, "chf", "10.00 CHF"), (123456, "xyz", "1,234.56 XYZ"),
    (-2550, "usd", "-$25.50"),
])
def test_format_money(amount, currency, text):
    assert format_money(amount, currency) == text


def test_display_is_the_shared_formatter():
    assert Money(500, "jpy").display() == "¥500"
    assert Money(12500, "kwd").display() == "12.500 KWD"
    assert Money(12500, "usd").display() == "$125.00"


@pytest.mark.parametrize("amount, currency", [(1.5, "usd"), ("100", "usd"), (True, "usd"), (100, "dollars")])
def test_format_money_refuses_floats_strings_and_bad_codes(amount, currency):
    with pytest.raises(InvalidInput):
        format_money(amount, currency)


def test_the_browser_gets_the_same_tables():
    formats = money_formats()
    assert json.loads(json.dumps(formats)) == formats  # what json_script sends
    assert formats["default_exponent"] == 2
    assert formats["exponents"]["jpy"] == 0 and formats["exponents"]["kwd"] == 3
    assert {code for code, places in formats["exponents"].items() if places == 0} == ZERO_DECIMAL
    assert {code for code, places in formats["exponents"].items() if places == 3} == THREE_DECIMAL
    assert all(exponent(code) == places for code, places in formats["exponents"].items())
    assert formats["symbols"]["jpy"] == "¥"


def test_stripe_lists():
    """Stripe's zero-decimal and three-decimal currencies (docs.stripe.com/currencies)."""
    assert {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
                            "xaf", "xof", "xpf"} == ZERO_DECIMAL
    assert {"bhd", "jod", "kwd", "omr", "tnd"} == THREE_DECIMAL
