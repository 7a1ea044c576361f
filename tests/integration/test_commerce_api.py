"""The commerce JSON API over HTTP (Django's test client) against DynamoDB Local."""
import json

import pytest
from django.test import Client

from tests import factories


@pytest.fixture
def api(table):
    return Client()


def put(client, url, body):
    return client.put(url, data=json.dumps(body), content_type="application/json")


def test_products_list_filter_and_detail(api):
    factories.product("A", price=1500, category="hw", stock=7)
    factories.product("B", price=900, category="hw")
    factories.product("C", price=300, category="sw", interval="month")
    body = api.get("/api/products?category=hw&limit=1").json()
    assert [p["sku"] for p in body["items"]] == ["B"]
    assert body["items"][0]["unit_price"] == {"amount": 900, "currency": "usd"}
    second = api.get(f"/api/products?category=hw&cursor={body['next_cursor']}").json()
    assert [p["sku"] for p in second["items"]] == ["A"]
    assert [p["sku"] for p in api.get("/api/products?max_price=900").json()["items"]] == ["C", "B"]
    detail = api.get("/api/products/A").json()
    assert detail["available"] == 7 and detail["recurring"] is None
    assert api.get("/api/products/C").json()["recurring"] == {"interval": "month"}
    assert api.get("/api/categories").json() == ["hw", "sw"]


@pytest.mark.parametrize("query, status", [("limit=0", 422), ("max_price=-1", 422), ("cursor=zzz", 422),
                                           ("category=Not%20A%20Category", 422), ("limit=abc", 422)])
def test_bad_listing_input_is_422_with_a_reason(api, query, status):
    response = api.get(f"/api/products?{query}")
    assert response.status_code == status
    assert response.json()["code"] == "invalid" and response.json()["detail"]


def test_cart_lifecycle_and_error_shapes(api):
    factories.product("A", price=250, stock=3)
    created = api.post("/api/carts", data={}, content_type="application/json")
    assert created.status_code == 201
    cart = created.json()
    assert cart["version"] == 1 and cart["lines"] == [] and cart["total"] == {"amount": 0, "currency": "usd"}
    url = f"/api/carts/{cart['id']}"

    set_two = put(api, f"{url}/lines/A", {"quantity": 2})
    assert set_two.status_code == 200
    assert set_two.json()["lines"] == [{"sku": "A", "name": "Product A", "quantity": 2,
                                        "unit_price": {"amount": 250, "currency": "usd"},
                                        "line_total": {"amount": 500, "currency": "usd"}}]
    stale = put(api, f"{url}/lines/A", {"quantity": 3, "expected_version": 1})
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict" and stale.json()["current_version"] == 2

    for body in ({"quantity": -1}, {"quantity": "2"}, {"quantity": 1.5}, {}, {"quantity": 1, "expected_version": 0}):
        bad = put(api, f"{url}/lines/A", body)
        assert bad.status_code == 422, body
        assert bad.json()["code"] == "invalid" and bad.json()["detail"]
    assert put(api, f"{url}/lines/NOPE", {"quantity": 1}).status_code == 404
    assert put(api, "/api/carts/doesnotexistdoesnotexist/lines/A", {"quantity": 1}).status_code == 404
    assert api.get("/api/carts/short").status_code == 404
    assert api.get(url).json()["version"] == 2  # the bad requests changed nothing

    put(api, f"{url}/lines/A", {"quantity": 4})
    short = api.post(f"{url}/checkout")
    assert short.status_code == 409
    assert short.json() | {"detail": ""} == {"code": "insufficient_stock", "sku": "A", "available": 3, "detail": "",
                                             "shortages": [{"sku": "A", "requested": 4, "available": 3}]}

    deleted = api.delete(f"{url}/lines/A")
    assert deleted.status_code == 200 and deleted.json()["lines"] == []
    empty = api.post(f"{url}/checkout")
    assert empty.status_code == 409 and empty.json()["code"] == "empty_cart"

    put(api, f"{url}/lines/A", {"quantity": 3})
    started = api.post(f"{url}/checkout")
    assert started.status_code == 201
    order_id = started.json()["order_id"]
    assert started.json()["order_url"].endswith(f"/orders/{order_id}/")
    order = api.get(f"/api/orders/{order_id}").json()
    assert order["status"] == "pending_payment" and order["total"] == {"amount": 750, "currency": "usd"}
    assert order["created_at"].endswith("Z")
    again = api.post(f"{url}/checkout")
    assert again.status_code == 409 and again.json()["code"] == "cart_checked_out"
    assert again.json()["order_id"] == order_id
    assert api.get("/api/orders/nosuchordernosuchorder").status_code == 404
    assert api.get("/api/products/A").json()["available"] == 0


def test_openapi_describes_the_commerce_routes(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {"/api/products", "/api/products/{sku}", "/api/carts", "/api/carts/{cart_id}/lines/{sku}",
            "/api/carts/{cart_id}/checkout", "/api/orders/{order_id}"} <= set(paths)
