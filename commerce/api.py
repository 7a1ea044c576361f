"""Commerce JSON API: thin operations that parse, call one service or selector, and shape the answer."""
from __future__ import annotations

from importlib import import_module
from typing import Optional, Union

from django.conf import settings

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema, Status

from commerce import schemas
from commerce.services import carts, checkout, payments, selectors

router = Router()
ERRORS = {404: schemas.ErrorOut, 409: schemas.ErrorOut, 422: schemas.ErrorOut}


class ProductFilters(Schema):
    category: Optional[str] = None
    max_price: Optional[int] = None
    cursor: Optional[str] = None
    limit: Optional[int] = None


@router.get("/products", response={200: schemas.ProductPage, 422: schemas.ErrorOut}, tags=["catalog"],
            summary="Active products, cheapest first, optionally in one category and under a price")
def product_list(request: HttpRequest, filters: Query[ProductFilters]):
    page = selectors.product_list(category=filters.category or None, max_price=filters.max_price,
                                  cursor=filters.cursor, limit=filters.limit)
    return {"items": [schemas.product_out(p) for p in page.items], "next_cursor": page.next_cursor}


@router.get("/categories", response=list[str], tags=["catalog"], summary="Every category with products")
def category_list(request: HttpRequest):
    return selectors.category_list()


@router.get("/products/{sku}", response={200: schemas.ProductDetailOut, **ERRORS}, tags=["catalog"],
            summary="One product, with the units available now")
def product_get(request: HttpRequest, sku: str):
    view = selectors.product_get(sku=sku)
    return {**schemas.product_out(view.product), "available": view.available}


@router.post("/carts", response={201: schemas.CartOut, 422: schemas.ErrorOut}, tags=["carts"],
             summary="Start a cart (its id is unguessable: it is the key to the cart)")
def cart_create(request: HttpRequest, payload: Optional[schemas.CartCreateIn] = None):
    cart = carts.cart_create(currency=payload.currency if payload else "usd")
    return Status(201, schemas.cart_out(cart))


CartOrQuote = Union[schemas.CartOut, schemas.DealQuoteOut]


def _deal_quotes():
    """Deal quotes are carts too; their access rules live with the deal room (a dotted-path setting)."""
    return import_module(settings.QUORUM_DEAL_QUOTE_ACCESS)


@router.get("/carts/{cart_id}", response={200: CartOrQuote, 403: schemas.ErrorOut, **ERRORS}, tags=["carts"],
            exclude_none=True,
            summary="A cart; a deal's quote only for its members, as their role may see it")
def cart_get(request: HttpRequest, cart_id: str):
    from commerce import ids

    cart = selectors.cart_get(cart_id=ids.check_id(cart_id, "cart"))
    if cart.deal_id:
        return _deal_quotes().view(request, cart.deal_id)
    return schemas.cart_out(cart)


@router.put("/carts/{cart_id}/lines/{sku}", response={200: CartOrQuote, 403: schemas.ErrorOut, **ERRORS},
            tags=["carts"], exclude_none=True,
            summary="Set a line's quantity (0 removes it); pin expected_version to refuse concurrent changes")
def cart_line_set(request: HttpRequest, cart_id: str, sku: str, payload: schemas.LineSetIn):
    try:
        cart = carts.cart_line_set(cart_id=cart_id, sku=sku, quantity=payload.quantity,
                                   expected_version=payload.expected_version)
    except carts.DealQuote as quote:
        return _deal_quotes().line_set(request, quote.extra["deal_id"], sku, payload.quantity, payload.expected_version)
    return schemas.cart_out(cart)


@router.delete("/carts/{cart_id}/lines/{sku}", response={200: CartOrQuote, 403: schemas.ErrorOut, **ERRORS},
               tags=["carts"], exclude_none=True)
def cart_line_remove(request: HttpRequest, cart_id: str, sku: str, expected_version: Optional[int] = None):
    try:
        cart = carts.cart_line_remove(cart_id=cart_id, sku=sku, expected_version=expected_version)
    except carts.DealQuote as quote:
        return _deal_quotes().line_set(request, quote.extra["deal_id"], sku, 0, expected_version)
    return schemas.cart_out(cart)


@router.post("/carts/{cart_id}/checkout", response={201: schemas.CheckoutOut, 502: schemas.ErrorOut, **ERRORS},
             tags=["checkout"], summary="Reserve every line's stock, open an order and its Stripe Checkout page")
def checkout_start(request: HttpRequest, cart_id: str):
    order = checkout.checkout_start(cart_id=cart_id)
    order_url = request.build_absolute_uri(reverse("storefront:order", args=[order.id]))
    order = payments.order_checkout_session(order_id=order.id, success_url=order_url + "?paid=1", cancel_url=order_url)
    return Status(201, {"order_id": order.id, "order_url": order_url, "checkout_url": order.payment.checkout_url})


@router.get("/orders/{order_id}", response={200: schemas.OrderOut, **ERRORS}, tags=["orders"])
def order_get(request: HttpRequest, order_id: str):
    from commerce import ids

    return schemas.order_out(selectors.order_get(order_id=ids.check_id(order_id, "order")))
