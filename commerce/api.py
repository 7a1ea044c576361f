"""Commerce JSON API: thin operations that parse, call one service or selector, and shape the answer.
Every error is ErrorOut (config/api.py maps the domain's errors once); the statuses each operation can
answer are declared so the OpenAPI schema says them."""
from __future__ import annotations

from typing import Optional

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema, Status

from commerce import access, schemas
from commerce.errors import NotFound
from commerce.services import carts, checkout, payments, selectors

router = Router()


def errors(*statuses: int) -> dict[int, type]:
    """ErrorOut for each status (every operation may also answer 400, 413 and 422 for a bad request)."""
    return {status: schemas.ErrorOut for status in sorted({400, 413, 422, *statuses})}


class ProductFilters(Schema):
    category: Optional[str] = None
    max_price: Optional[int] = None
    cursor: Optional[str] = None
    limit: Optional[int] = None


@router.get("/products", response={200: schemas.ProductPage, **errors()}, tags=["catalog"],
            summary="Active products, cheapest first, optionally in one category and under a price")
def product_list(request: HttpRequest, filters: Query[ProductFilters]):
    page = selectors.product_list(category=filters.category or None, max_price=filters.max_price,
                                  cursor=filters.cursor, limit=filters.limit)
    return {"items": [schemas.product_out(p) for p in page.items], "next_cursor": page.next_cursor}


@router.get("/categories", response=list[str], tags=["catalog"], summary="Every category with products")
def category_list(request: HttpRequest):
    return selectors.category_list()


@router.get("/products/{sku}", response={200: schemas.ProductDetailOut, **errors(404)}, tags=["catalog"],
            summary="One product, with the units available now")
def product_get(request: HttpRequest, sku: str):
    view = selectors.product_get(sku=sku)
    return {**schemas.product_out(view.product), "available": view.available}


@router.post("/carts", response={201: schemas.CartOut, **errors(429)}, tags=["carts"],
             summary="Start a cart (its id is unguessable: it is the key to the cart)")
def cart_create(request: HttpRequest, payload: Optional[schemas.CartCreateIn] = None):
    cart = carts.cart_create(currency=payload.currency if payload else "usd", client=client_of(request))
    return Status(201, schemas.cart_out(cart))


@router.get("/carts/{cart_id}", response={200: schemas.CartOut, **errors(404, 409)}, tags=["carts"],
            summary="A cart (a deal's quote answers 409 deal_quote with the room's URL)")
def cart_get(request: HttpRequest, cart_id: str):
    cart = selectors.cart_get(cart_id=cart_id)
    if cart.deal_id:
        raise carts.deal_quote_error(cart.deal_id)
    return schemas.cart_out(cart)


@router.put("/carts/{cart_id}/lines/{sku}", response={200: schemas.CartOut, **errors(404, 409)}, tags=["carts"],
            summary="Set a line's quantity (0 removes it); pin expected_version to refuse concurrent changes")
def cart_line_set(request: HttpRequest, cart_id: str, sku: str, payload: schemas.LineSetIn):
    cart = carts.cart_line_set(cart_id=cart_id, sku=sku, quantity=payload.quantity,
                               expected_version=payload.expected_version)
    return schemas.cart_out(cart)


@router.delete("/carts/{cart_id}/lines/{sku}", response={200: schemas.CartOut, **errors(404, 409)}, tags=["carts"],
               summary="Remove a line; pin expected_version to refuse concurrent changes")
def cart_line_remove(request: HttpRequest, cart_id: str, sku: str, expected_version: Optional[int] = None):
    return schemas.cart_out(carts.cart_line_remove(cart_id=cart_id, sku=sku, expected_version=expected_version))


@router.post("/carts/{cart_id}/checkout", response={201: schemas.CheckoutOut, **errors(404, 409, 429, 502, 503)},
             tags=["checkout"], summary="Reserve every line's stock, open an order and its Stripe Checkout page")
def checkout_start(request: HttpRequest, cart_id: str):
    order = checkout.checkout_start(cart_id=cart_id, client=client_of(request))
    order_url = request.build_absolute_uri(reverse("storefront:order", args=[order.id]))
    order = payments.order_checkout_session(order_id=order.id, success_url=order_url + "?paid=1", cancel_url=order_url)
    return Status(201, {"order_id": order.id, "order_url": order_url, "checkout_url": order.payment.checkout_url})


@router.get("/orders/{order_id}", response={200: schemas.OrderOut, **errors(404)}, tags=["orders"],
            summary="An order by its id (a deal's order only for the members whose role may see it)")
def order_get(request: HttpRequest, order_id: str):
    order = selectors.order_get(order_id=order_id)
    if not access.may_read_order(request.session, order):
        raise NotFound("no such order")
    return schemas.order_out(order)


def client_of(request: HttpRequest) -> str:
    """Who asks, for per-client limits: the caller's address (Lambda's function URL and daphne set it)."""
    return request.META.get("REMOTE_ADDR") or "-"
