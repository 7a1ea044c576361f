import pytest

from commerce.errors import InvalidInput
from commerce.services.catalog import product_from_row

GOOD = {"sku": "A-1", "name": "Thing", "category": "hardware", "price": {"amount": 500, "currency": "usd"}, "stock": 3}


def test_good_row():
    product, stock = product_from_row({**GOOD, "recurring": {"interval": "year"}, "description": "d"})
    assert (product.sku, product.unit_price.amount, product.recurring_interval, stock) == ("A-1", 500, "year", 3)


@pytest.mark.parametrize("change, reason", [
    ({"sku": None}, "sku"), ({"price": 5.0}, "price must be"),
    ({"price": {"amount": 1.5, "currency": "usd"}}, "integer"), ({"stock": -1}, "stock must be"),
    ({"category": "Bad Cat"}, "category"), ({"recurring": {"interval": "week"}}, "interval"),
    ({"colour": "red"}, "unknown field"), ({"name": "  "}, "name must not be empty"),
])
def test_bad_rows_say_why(change, reason):
    with pytest.raises(InvalidInput, match=reason):
        product_from_row({**GOOD, **change})


def test_missing_field():
    row = dict(GOOD)
    del row["stock"]
    with pytest.raises(InvalidInput, match="missing field 'stock'"):
        product_from_row(row)
