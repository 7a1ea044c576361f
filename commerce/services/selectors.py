"""Reads. Every selector returns domain objects or plain data, never PynamoDB items."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from pynamodb.exceptions import DoesNotExist, QueryError

from commerce import clock
from commerce.domain.cart import Cart
from commerce.domain.catalog import Product, validate_category, validate_sku
from commerce.domain.orders import Order
from commerce.domain.stock import HELD, Reservation, Stock, available_now
from commerce.errors import InvalidInput, NotFound
from commerce.persistence import keys, table
from commerce.persistence.base import query_partition
from commerce.persistence.carts import CartItem
from commerce.persistence.catalog import CategoryItem, ProductItem, StockItem
from commerce.persistence.orders import OrderItem, ReservationItem
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
    start = decode_cursor(cursor)
    if category:
        validate_category(category)
        index, hash_key, sk_attr = ProductItem.gsi1, keys.category_pk(category), ProductItem.gsi1sk
    else:
        index, hash_key, sk_attr = ProductItem.gsi2, keys.CATALOG_PK, ProductItem.gsi2sk
    condition = sk_attr < keys.price_below_sk(max_price) if max_price is not None else sk_attr.startswith("PRICE#")
    # Ask for one more than the page: a next cursor is only given when a next page really exists.
    results = index.query(hash_key, condition, limit=limit + 1, last_evaluated_key=start)
    try:
        items = list(results)
    except QueryError as exc:
        if start is not None:
            raise InvalidInput("cursor does not belong to this listing: start again without it") from None
        raise
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        index_pk, index_sk = (table.GSI1_PK, table.GSI1_SK) if category else (table.GSI2_PK, table.GSI2_SK)
        next_cursor = encode_cursor({
            table.PK: {"S": last.pk}, table.SK: {"S": last.sk},
            index_pk: {"S": hash_key}, index_sk: {"S": last.gsi1sk if category else last.gsi2sk},
        })
    return Page(items=[item.to_domain() for item in items], next_cursor=next_cursor)


def category_list() -> list[str]:
    return sorted(item.category for item in CategoryItem.query(keys.CATALOG_PK, CategoryItem.sk.startswith("CATEGORY#")))


def product_get(*, sku: str) -> ProductView:
    """The product with what a shopper can still buy now; lapsed reservations count as released."""
    validate_sku(sku)
    product: Optional[Product] = None
    stock = Stock(sku=sku, on_hand=0, reserved=0)
    reservations: list[Reservation] = []
    for item in query_partition(keys.product_pk(sku)):
        if isinstance(item, ProductItem):
            product = item.to_domain()
        elif isinstance(item, StockItem):
            stock = item.to_domain()
        elif isinstance(item, ReservationItem) and item.status == HELD:
            reservations.append(item.to_domain())
    if product is None:
        raise NotFound(f"no product with sku {sku!r}")
    return ProductView(product=product, available=available_now(stock, reservations, clock.now()))


def products_get(*, skus: list[str]) -> dict[str, Product]:
    found = ProductItem.batch_get([(keys.product_pk(sku), keys.PRODUCT_SK) for sku in set(skus)], consistent_read=True)
    return {item.sku: item.to_domain() for item in found}


def stock_available(*, skus: list[str]) -> dict[str, int]:
    """Units available per sku, in one BatchGetItem (stored levels; lapsed holds are released by checkout)."""
    if not skus:
        return {}
    found = StockItem.batch_get([(keys.product_pk(sku), keys.STOCK_SK) for sku in set(skus)])
    return {item.sku: max(0, int(item.available)) for item in found}


def cart_get(*, cart_id: str) -> Cart:
    try:
        item = CartItem.get(keys.cart_pk(cart_id), keys.CART_SK, consistent_read=True)
    except DoesNotExist:
        raise NotFound("no such cart (it may have expired)") from None
    if item.expires_at is not None and item.expires_at.timestamp() <= clock.now():
        raise NotFound("no such cart (it may have expired)")
    return item.to_domain()


def order_get(*, order_id: str) -> Order:
    try:
        return OrderItem.get(keys.order_pk(order_id), keys.ORDER_SK, consistent_read=True).to_domain()
    except DoesNotExist:
        raise NotFound("no such order") from None


def reservations_lapsed(*, now: int, limit: int = 500) -> list[Reservation]:
    """Held reservations whose hold has passed (GSI1 RESERVATIONS#HELD sorted by hold time; no scan)."""
    query = ReservationItem.gsi1.query(keys.HELD_RESERVATIONS_PK, ReservationItem.gsi1sk < keys.held_before_sk(now),
                                       limit=limit)
    return [item.to_domain() for item in query if item.status == HELD]
