"""API shapes. Money is always {"amount": <int minor units>, "currency": "usd"}."""
from __future__ import annotations

from typing import Annotated, Optional

from ninja import Schema
from pydantic import Field

from commerce.domain.cart import MAX_QUANTITY, Cart
from commerce.domain.catalog import Product
from commerce.domain.money import Money
from commerce.domain.orders import Order


class MoneyOut(Schema):
    amount: int
    currency: str


class ProductOut(Schema):
    sku: str
    name: str
    description: str
    category: str
    unit_price: MoneyOut
    recurring: Optional[dict] = None


class ProductDetailOut(ProductOut):
    available: int


class ProductPage(Schema):
    items: list[ProductOut]
    next_cursor: Optional[str]


class CartLineOut(Schema):
    sku: str
    name: str
    quantity: int
    unit_price: MoneyOut
    line_total: MoneyOut


class CartOut(Schema):
    id: str
    version: int
    currency: str
    status: str
    lines: list[CartLineOut]
    total: MoneyOut
    order_id: Optional[str] = None


class CartCreateIn(Schema):
    currency: Annotated[str, Field(min_length=3, max_length=3)] = "usd"


class LineSetIn(Schema):
    quantity: Annotated[int, Field(strict=True, ge=0, le=MAX_QUANTITY)]
    expected_version: Optional[Annotated[int, Field(strict=True, ge=1)]] = None


class CheckoutOut(Schema):
    order_id: str
    order_url: str
    checkout_url: Optional[str] = None


class OrderLineOut(Schema):
    sku: str
    name: str
    quantity: int
    unit_price: MoneyOut
    line_total: MoneyOut


class OrderPaymentOut(Schema):
    method: Optional[str]
    checkout_url: Optional[str]
    invoice_url: Optional[str]
    amount_refunded: MoneyOut
    last_error: Optional[str]


class OrderOut(Schema):
    id: str
    status: str
    lines: list[OrderLineOut]
    total: MoneyOut
    created_at: str
    hold_until: str
    payment: OrderPaymentOut


class ErrorOut(Schema):
    code: str
    detail: str


def money(value: Money) -> dict:
    return value.as_dict()


def product_out(product: Product) -> dict:
    return {
        "sku": product.sku, "name": product.name, "description": product.description, "category": product.category,
        "unit_price": money(product.unit_price),
        "recurring": {"interval": product.recurring_interval} if product.recurring_interval else None,
    }


def cart_out(cart: Cart) -> dict:
    return {
        "id": cart.id, "version": cart.version, "currency": cart.currency, "status": cart.status,
        "order_id": cart.order_id, "total": money(cart.total),
        "lines": [{"sku": l.sku, "name": l.name, "quantity": l.quantity, "unit_price": money(l.unit_price),
                   "line_total": money(l.line_total)} for l in cart.lines],
    }


def order_out(order: Order) -> dict:
    from commerce import clock

    return {
        "id": order.id, "status": order.status, "total": money(order.total),
        "created_at": clock.iso(order.created_at), "hold_until": clock.iso(order.hold_until),
        "payment": {"method": order.payment.method, "checkout_url": order.payment.checkout_url,
                    "invoice_url": order.payment.invoice_url, "last_error": order.payment.last_error,
                    "amount_refunded": {"amount": order.payment.amount_refunded, "currency": order.currency}},
        "lines": [{"sku": l.sku, "name": l.name, "quantity": l.quantity, "unit_price": money(l.unit_price),
                   "line_total": money(l.line_total)} for l in order.lines],
    }
