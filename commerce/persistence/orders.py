"""Orders and stock reservations on the single table."""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute

from commerce.domain.money import Money
from commerce.domain.orders import Order, OrderLine, Payment
from commerce.domain.stock import HELD, Reservation
from commerce.persistence import keys
from commerce.persistence.base import TableItem


class OrderLineAttribute(MapAttribute):
    sku = UnicodeAttribute()
    name = UnicodeAttribute()
    quantity = NumberAttribute()
    unit_amount = NumberAttribute()
    recurring_interval = UnicodeAttribute(null=True)


class OrderItem(TableItem, discriminator="Order"):
    """ORDER#<id> / ORDER; GSI1 CUSTOMER#<id> / ORDER#<created>#<id> for a customer's orders, newest last;
    GSI2 ORDERS#<status> / <created>#<id> for the admin's orders by status and date."""

    order_id = UnicodeAttribute()
    status = UnicodeAttribute()
    currency = UnicodeAttribute()
    lines = ListAttribute(of=OrderLineAttribute)
    total_amount = NumberAttribute()
    created_at = NumberAttribute()
    hold_until = NumberAttribute()
    cart_id = UnicodeAttribute(null=True)
    customer_id = UnicodeAttribute(null=True)
    version = NumberAttribute(default=1)
    # payment references (commerce/payments)
    payment_method = UnicodeAttribute(null=True)
    checkout_session_id = UnicodeAttribute(null=True)
    checkout_url = UnicodeAttribute(null=True)
    payment_intent_id = UnicodeAttribute(null=True)
    subscription_id = UnicodeAttribute(null=True)
    invoice_id = UnicodeAttribute(null=True)
    invoice_url = UnicodeAttribute(null=True)
    invoice_due = NumberAttribute(null=True)
    amount_refunded = NumberAttribute(default=0)
    refunds_requested = NumberAttribute(default=0)
    payment_error = UnicodeAttribute(null=True)

    @classmethod
    def from_domain(cls, order: Order) -> "OrderItem":
        item = cls(
            keys.order_pk(order.id), keys.ORDER_SK,
            order_id=order.id, status=order.status, currency=order.currency,
            lines=[OrderLineAttribute(sku=l.sku, name=l.name, quantity=l.quantity, unit_amount=l.unit_price.amount,
                                      recurring_interval=l.recurring_interval) for l in order.lines],
            total_amount=order.total.amount, created_at=order.created_at, hold_until=order.hold_until,
            cart_id=order.cart_id, customer_id=order.customer_id, version=order.version,
        )
        if order.customer_id:
            item.gsi1pk = keys.customer_pk(order.customer_id)
            item.gsi1sk = keys.customer_order_sk(order.created_at, order.id)
        item.gsi2pk = keys.orders_by_status_pk(order.status)
        item.gsi2sk = keys.order_time_sk(order.created_at, order.id)
        return item

    def to_domain(self) -> Order:
        return Order(
            id=self.order_id, status=self.status, currency=self.currency,
            lines=tuple(OrderLine(sku=l.sku, name=l.name, quantity=int(l.quantity),
                                  unit_price=Money(int(l.unit_amount), self.currency),
                                  recurring_interval=l.recurring_interval) for l in self.lines),
            created_at=int(self.created_at), hold_until=int(self.hold_until), cart_id=self.cart_id,
            customer_id=self.customer_id, version=int(self.version),
            payment=Payment(
                method=self.payment_method, checkout_session_id=self.checkout_session_id,
                checkout_url=self.checkout_url, payment_intent_id=self.payment_intent_id,
                subscription_id=self.subscription_id, invoice_id=self.invoice_id, invoice_url=self.invoice_url,
                invoice_due=int(self.invoice_due) if self.invoice_due else None,
                amount_refunded=int(self.amount_refunded or 0), last_error=self.payment_error,
                refunds_requested=int(self.refunds_requested or 0),
            ),
        )


def status_actions(status: str) -> list:
    """Every status change also moves the order to its status's GSI2 partition (the admin's order list)."""
    return [OrderItem.status.set(status), OrderItem.gsi2pk.set(keys.orders_by_status_pk(status))]


class ReservationItem(TableItem, discriminator="Reservation"):
    """PRODUCT#<sku> / RESERVATION#<order>. While held it sits in the sparse GSI1 partition
    RESERVATIONS#HELD sorted by hold time, which is what the sweeper queries (no scan)."""

    sku = UnicodeAttribute()
    order_id = UnicodeAttribute()
    quantity = NumberAttribute()
    hold_until = NumberAttribute()
    status = UnicodeAttribute(default=HELD)

    def to_domain(self) -> Reservation:
        return Reservation(sku=self.sku, order_id=self.order_id, quantity=int(self.quantity),
                           hold_until=int(self.hold_until), status=self.status)
