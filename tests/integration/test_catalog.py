"""Catalog on DynamoDB Local: import, listing by category and price (no scan), availability."""
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commerce.services import selectors
from commerce.services.catalog import catalog_load
from tests import factories


def rows(n: int, category: str = "hardware") -> list[dict]:
    return [{"sku": f"SKU-{i:03d}", "name": f"Thing {i}", "category": category,
             "price": {"amount": 1000 + (i * 37) % 500, "currency": "usd"}, "stock": 10 + i} for i in range(n)]


def test_load_is_idempotent(table):
    data = rows(5)
    assert catalog_load(rows=data).applied == [r["sku"] for r in data]
    assert catalog_load(rows=data).errors == []
    assert len(selectors.product_list(limit=100).items) == 5
    assert selectors.product_get(sku="SKU-004").available == 14


def test_bad_rows_are_reported_by_index_and_nothing_is_written(table):
    data = rows(4)
    data[1]["price"] = {"amount": "12", "currency": "usd"}
    data[3] = {**data[0]}  # duplicate sku
    report = catalog_load(rows=data)
    assert [index for index, _ in report.errors] == [1, 3]
    assert "already appears in row 0" in report.errors[1][1]
    assert report.applied == []
    assert selectors.product_list(limit=100).items == []


def test_command_reports_rows_and_fails(table, tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps([{"sku": "A", "name": "A"}]))
    err = StringIO()
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("catalog_load", str(path), stderr=err)
    assert "row 0: missing field 'category'" in err.getvalue()
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("catalog_load", str(path))


def test_category_under_price_cheapest_first_paginated(table):
    for sku, price, category in [("A", 4000, "hw"), ("B", 1500, "hw"), ("C", 2500, "hw"), ("D", 5001, "hw"),
                                 ("E", 100, "other"), ("F", 2500, "hw")]:
        factories.product(sku, price=price, category=category)
    first = selectors.product_list(category="hw", max_price=5000, limit=2)
    assert [p.sku for p in first.items] == ["B", "C"]
    second = selectors.product_list(category="hw", max_price=5000, limit=2, cursor=first.next_cursor)
    assert [p.sku for p in second.items] == ["F", "A"]
    assert second.next_cursor is None  # no empty last page
    assert [p.sku for p in selectors.product_list(max_price=2500).items] == ["E", "B", "C", "F"]
    assert selectors.category_list() == ["hw", "other"]


def test_listing_uses_the_index_not_a_scan(table, monkeypatch):
    factories.product("A", price=100)
    calls = []
    from commerce.persistence.catalog import ProductItem

    connection = ProductItem._get_connection().connection
    original = connection._make_api_call

    def spy(operation, kwargs):
        calls.append(operation)
        return original(operation, kwargs)

    monkeypatch.setattr(connection, "_make_api_call", spy)
    selectors.product_list(category="hardware", max_price=500)
    assert calls == ["Query"]


def test_inactive_products_drop_out_of_listings(table):
    factories.product("OLD", active=False)
    factories.product("NEW")
    assert [p.sku for p in selectors.product_list().items] == ["NEW"]
    assert selectors.product_get(sku="OLD").product.active is False


def test_stock_cannot_be_set_below_what_is_reserved(table):
    from commerce.errors import InvalidInput
    from commerce.services import carts, checkout
    from commerce.services.catalog import product_upsert

    product = factories.product("A", stock=5)
    cart = carts.cart_create()
    carts.cart_line_set(cart_id=cart.id, sku="A", quantity=4)
    checkout.checkout_start(cart_id=cart.id)
    with pytest.raises(InvalidInput, match="below the units reserved"):
        product_upsert(product=product, on_hand=3)
    product_upsert(product=product, on_hand=6)
    assert selectors.product_get(sku="A").available == 2
