"""Key builders for every item pattern (documented in docs/data-model.md). Pure string functions."""
from __future__ import annotations

PRICE_DIGITS = 12  # Money.MAX_AMOUNT has 11 digits; zero-padded so strings sort like numbers
TIME_DIGITS = 10


def product_pk(sku: str) -> str:
    return f"PRODUCT#{sku}"


PRODUCT_SK = "PRODUCT"
STOCK_SK = "STOCK"


def reservation_sk(order_id: str) -> str:
    return f"RESERVATION#{order_id}"


def category_pk(category: str) -> str:
    return f"CATEGORY#{category}"


CATALOG_PK = "CATALOG"  # GSI2 partition of every active product, and the base partition of category items
RETIRED_PK = "CATALOG#RETIRED"  # GSI2 partition of deactivated products (the admin's "retired" filter)


def category_sk(category: str) -> str:
    return f"CATEGORY#{category}"


def price_sk(amount: int, sku: str) -> str:
    return f"PRICE#{amount:0{PRICE_DIGITS}d}#{sku}"


def price_below_sk(max_amount: int) -> str:
    """Every price sort key of an amount <= max_amount sorts before this one."""
    return f"PRICE#{max_amount + 1:0{PRICE_DIGITS}d}#"


def cart_pk(cart_id: str) -> str:
    return f"CART#{cart_id}"


CART_SK = "CART"


def order_pk(order_id: str) -> str:
    return f"ORDER#{order_id}"


ORDER_SK = "ORDER"


def customer_pk(customer_id: str) -> str:
    return f"CUSTOMER#{customer_id}"


def customer_order_sk(created_at: int, order_id: str) -> str:
    return f"ORDER#{created_at:0{TIME_DIGITS}d}#{order_id}"


def orders_by_status_pk(status: str) -> str:
    return f"ORDERS#{status}"  # GSI2: orders in one status, by creation time


def order_time_sk(created_at: int, order_id: str) -> str:
    return f"{created_at:0{TIME_DIGITS}d}#{order_id}"


HELD_RESERVATIONS_PK = "RESERVATIONS#HELD"  # sparse GSI1 partition: only reservations still held


def held_reservation_sk(hold_until: int, sku: str, order_id: str) -> str:
    return f"{hold_until:0{TIME_DIGITS}d}#{order_id}#{sku}"


def held_before_sk(now: int) -> str:
    return f"{now:0{TIME_DIGITS}d}#~"
