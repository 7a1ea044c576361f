"""The order store: ORDER#<id> / ORDER, in GSI2 ORDERS#<status> / <created>#<id> (the admin's orders by
status and date; every status change moves it in the same write). Holds the payment references too."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Optional

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce.domain.money import Money
from commerce.domain.orders import PENDING_PAYMENT, Order, OrderLine, Payee, Payment
from commerce.persistence import keys
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction


class OrderLineAttribute(MapAttribute):
    sku = UnicodeAttribute()
    name = UnicodeAttribute()
    quantity = NumberAttribute()
    unit_amount = NumberAttribute()
    recurring_interval = UnicodeAttribute(null=True)
    vendor_id = UnicodeAttribute(null=True)


class PayeeAttribute(MapAttribute):
    """A vendor's terms at checkout (commerce/domain/orders.Payee)."""

    vendor_id = UnicodeAttribute()
    account_id = UnicodeAttribute()
    fee_rate_bps = NumberAttribute()
    name = UnicodeAttribute(default="")


class OrderItem(TableItem, discriminator="Order"):
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
    payees = ListAttribute(of=PayeeAttribute, null=True)  # marketplace orders only

    @classmethod
    def from_domain(cls, order: Order) -> OrderItem:
        return cls(
            keys.order_pk(order.id), keys.ORDER_SK,
            order_id=order.id, status=order.status, currency=order.currency,
            lines=[OrderLineAttribute(sku=line.sku, name=line.name, quantity=line.quantity,
                                      unit_amount=line.unit_price.amount, recurring_interval=line.recurring_interval,
                                      vendor_id=line.vendor_id)
                   for line in order.lines],
            payees=[PayeeAttribute(vendor_id=p.vendor_id, account_id=p.account_id, fee_rate_bps=p.fee_rate_bps,
                                   name=p.name) for p in order.payees] or None,
            total_amount=order.total.amount, created_at=order.created_at, hold_until=order.hold_until,
            cart_id=order.cart_id, customer_id=order.customer_id, version=order.version,
            gsi2pk=keys.orders_by_status_pk(order.status), gsi2sk=keys.order_time_sk(order.created_at, order.id),
        )

    def to_domain(self) -> Order:
        return Order(
            id=self.order_id, status=self.status, currency=self.currency,
            lines=tuple(OrderLine(sku=line.sku, name=line.name, quantity=int(line.quantity),
                                  unit_price=Money(int(line.unit_amount), self.currency),
                                  recurring_interval=line.recurring_interval, vendor_id=line.vendor_id)
                        for line in self.lines),
            payees=tuple(Payee(vendor_id=p.vendor_id, account_id=p.account_id, fee_rate_bps=int(p.fee_rate_bps),
                               name=p.name or "") for p in self.payees or ()),
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


def _key(order_id: str) -> OrderItem:
    return OrderItem(keys.order_pk(order_id), keys.ORDER_SK)


class OrderStore:
    LABEL = "order"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, order_id: str) -> Optional[Order]:
        try:
            return OrderItem.get(keys.order_pk(order_id), keys.ORDER_SK, consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def in_status(self, status: str, *, since: Optional[int] = None, until: Optional[int] = None,
                  before: Optional[str] = None, newest_first: bool = True,
                  limit: Optional[int] = None) -> Iterator[tuple[str, Order]]:
        """Orders in one status created in [since, until) (GSI2, no scan), each with its position in the
        listing (an opaque string that sorts like creation time); `before`: only those before a position."""
        low = keys.order_time_sk(since, "") if since is not None else "0"
        high = keys.order_time_sk(until, "") if until is not None else "9"
        if before is not None:
            high = min(high, before)
        query = OrderItem.gsi2.query(keys.orders_by_status_pk(status), OrderItem.gsi2sk.between(low, high),
                                     scan_index_forward=not newest_first, limit=limit)
        found = ((item.gsi2sk, item.to_domain()) for item in query)
        return (each for each in found if before is None or each[0] < before)  # BETWEEN includes `before`

    # --- intents ----------------------------------------------------------------------------------

    def add(self, order: Order, *, label: str = LABEL) -> None:
        self.tx.put(OrderItem.from_domain(order), condition=OrderItem.pk.does_not_exist(), label=label)

    def move(self, order_id: str, *, to: str, when: str = PENDING_PAYMENT, hold_lapsed_at: Optional[int] = None,
             clear_error: bool = False, label: str = LABEL) -> None:
        """Status `when` -> `to` (refused otherwise, so it happens once); `hold_lapsed_at`: only if the hold
        has passed by then; `clear_error`: a failure noted earlier no longer applies."""
        condition = OrderItem.status == when
        if hold_lapsed_at is not None:
            condition &= OrderItem.hold_until <= hold_lapsed_at
        actions = [OrderItem.status.set(to), OrderItem.gsi2pk.set(keys.orders_by_status_pk(to)),
                   OrderItem.version.add(1)]
        if clear_error:
            actions.append(OrderItem.payment_error.remove())
        self.tx.update(_key(order_id), actions, condition=condition, label=label)

    def set_checkout(self, order_id: str, *, session_id: str, url: str) -> None:
        self.tx.update(_key(order_id), [OrderItem.payment_method.set("card"),
                                        OrderItem.checkout_session_id.set(session_id),
                                        OrderItem.checkout_url.set(url)], label=self.LABEL)

    def set_invoice(self, order_id: str, *, invoice_id: str, url: str, due: Optional[int], hold_until: int) -> None:
        self.tx.update(_key(order_id), [
            OrderItem.payment_method.set("invoice"), OrderItem.invoice_id.set(invoice_id),
            OrderItem.invoice_url.set(url), OrderItem.invoice_due.set(due or 0), OrderItem.hold_until.set(hold_until)],
            condition=OrderItem.status == PENDING_PAYMENT, label=self.LABEL)

    def set_payment_refs(self, order_id: str, *, payment_intent_id: Optional[str],
                         subscription_id: Optional[str]) -> bool:
        actions = []
        if payment_intent_id:
            actions.append(OrderItem.payment_intent_id.set(payment_intent_id))
        if subscription_id:
            actions.append(OrderItem.subscription_id.set(subscription_id))
        if actions:
            self.tx.update(_key(order_id), actions, label=self.LABEL)
        return bool(actions)

    def note_payment_error(self, order_id: str, *, message: str) -> None:
        self.tx.update(_key(order_id), [OrderItem.payment_error.set(message[:300])],
                       condition=OrderItem.status == PENDING_PAYMENT, label=self.LABEL)

    def count_refund_request(self, order_id: str, *, expected: Optional[int]) -> Callable[[], int]:
        """Numbers the next refund (for its idempotency key); pinned to what the person saw, if given."""
        item = _key(order_id)
        pinned = None
        if expected is not None:
            pinned = OrderItem.refunds_requested == expected
            if expected == 0:
                pinned |= OrderItem.refunds_requested.does_not_exist()
        self.tx.update(item, [OrderItem.refunds_requested.add(1)], condition=pinned, label=self.LABEL)
        return lambda: int(item.refunds_requested)

    def record_refunded(self, order_id: str, *, amount_refunded: int, status_was: str, to: str) -> None:
        """Only ever forward: refused when a larger refund total was recorded, or the status moved."""
        self.tx.update(_key(order_id), [
            OrderItem.amount_refunded.set(amount_refunded), OrderItem.status.set(to),
            OrderItem.gsi2pk.set(keys.orders_by_status_pk(to)), OrderItem.version.add(1)],
            condition=(OrderItem.amount_refunded < amount_refunded) & (OrderItem.status == status_was),
            label=self.LABEL)
