"""Reads for shoppers and the API. Every selector returns domain objects or plain data."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from commerce import clock, ids
from commerce.domain.cart import Cart
from commerce.domain.catalog import Product, validate_category, validate_sku
from commerce.domain.orders import Order
from commerce.domain.stock import Stock, available_now
from commerce.errors import InvalidInput, NotFound
from commerce.persistence.uow import unit_of_work
from commerce.services.pagination import Page, clamp_limit, decode_cursor, encode_cursor


@dataclass(frozen=True)
class ProductView:
    product: Product
    available: int


def product_list(*, category: Optional[str] = None, max_price: Optional[int] = None,
                 cursor: Optional[str] = None, limit: Optional[int] = None) -> Page[Product]:
    """Active products, cheapest first; in one category (GSI1) or across the catalog (GSI2). No scan."""
    limit = clamp_limit(limit)
    if max_price is not None and max_price < 0:
        raise InvalidInput("max_price must be zero or more (minor units)")
    if category:
        validate_category(category)
    listing = unit_of_work().products.listing(category=category or None, max_price=max_price,
                                              start=decode_cursor(cursor), limit=limit)
    return Page(items=[product for product, _ in listing.items], next_cursor=encode_cursor(listing.last_key))


def category_list() -> list[str]:
    return unit_of_work().products.categories()


def product_get(*, sku: str) -> ProductView:
    """The product with what a shopper can still buy now; lapsed reservations count as released."""
    validate_sku(sku)
    product, stock, held = unit_of_work().products.with_stock(sku)
    if product is None:
        raise NotFound(f"no product with sku {sku!r}")
    stock = stock or Stock(sku=sku, on_hand=0, reserved=0)
    return ProductView(product=product, available=available_now(stock, held, clock.now()))


def products_get(*, skus: list[str]) -> dict[str, Product]:
    return unit_of_work().products.get_many(skus)


def stock_available(*, skus: list[str]) -> dict[str, int]:
    """Units available per sku, in one BatchGetItem (stored levels; lapsed holds are released by checkout)."""
    return {sku: stock.available for sku, stock in unit_of_work().stock.get_many(skus, consistent=False).items()}


def cart_get(*, cart_id: str) -> Cart:
    cart = unit_of_work().carts.get(ids.check_id(cart_id, "cart"))
    if cart is None:
        raise NotFound("no such cart (it may have expired)")
    return cart


def order_get(*, order_id: str) -> Order:
    order = unit_of_work().orders.get(ids.check_id(order_id, "order"))
    if order is None:
        raise NotFound("no such order")
    return order
