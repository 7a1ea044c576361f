"""commerce's own events, derived from committed changes of its items (the table's stream is their
outbox): an order's status changes, its refunds and failed payments. Pure Python."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Optional

from commerce.domain.events import MEMBERS, PRICES, STAFF, Event, seen_by
from commerce.domain.orders import Order

SOURCE = "quorum.commerce"


@dataclass(frozen=True)
class OrderStatusChanged(Event):
    """An order moved on: created (pending payment), paid, canceled, expired, refunded in part or whole."""

    SOURCE: ClassVar[str] = SOURCE
    TYPE = "order.status_changed"
    LABEL = "order status changed"
    DETAIL_TYPE = "Order Status Changed"
    DETAIL_TYPES = ("Order Created", "Order Paid", "Order Fulfilled", "Order Canceled", "Order Expired",
                    "Order Partially Refunded", "Order Refunded", "Order Status Changed")
    order_id: str = seen_by(MEMBERS)
    status: str = seen_by(MEMBERS)
    previous_status: Optional[str] = seen_by(MEMBERS, default=None)
    order_version: int = seen_by(MEMBERS, default=1)
    currency: str = seen_by(PRICES, default="usd")
    total: Optional[int] = seen_by(PRICES, default=None)  # minor units
    amount_refunded: int = seen_by(PRICES, default=0)
    payment_method: Optional[str] = seen_by(STAFF, default=None)
    deal_id: Optional[str] = seen_by(STAFF, default=None)

    def summary(self) -> str:
        return f"Order {self.status.replace('_', ' ')}"

    def detail_type(self) -> str:
        if self.status == "pending_payment":
            return "Order Created"
        named = f"Order {self.status.replace('_', ' ').title()}"
        return named if named in self.DETAIL_TYPES else self.DETAIL_TYPE


@dataclass(frozen=True)
class RefundIssued(Event):
    """Stripe confirmed a refund of (part of) a paid order: `amount` now, `amount_refunded` in all."""

    SOURCE: ClassVar[str] = SOURCE
    TYPE = "order.refund_issued"
    LABEL = "refund issued"
    DETAIL_TYPE = "Order Refund Issued"
    order_id: str = seen_by(MEMBERS)
    order_version: int = seen_by(MEMBERS)
    currency: str = seen_by(PRICES)
    amount: int = seen_by(PRICES)  # minor units, this refund
    amount_refunded: int = seen_by(PRICES)  # minor units, every refund so far
    deal_id: Optional[str] = seen_by(STAFF, default=None)


@dataclass(frozen=True)
class PaymentFailed(Event):
    """A payment for an order failed (declined card, unpaid invoice); the order stays open until it lapses."""

    SOURCE: ClassVar[str] = SOURCE
    TYPE = "order.payment_failed"
    LABEL = "payment failed"
    DETAIL_TYPE = "Order Payment Failed"
    order_id: str = seen_by(MEMBERS)
    order_version: int = seen_by(MEMBERS)
    reason: str = seen_by(STAFF)
    payment_method: Optional[str] = seen_by(STAFF, default=None)
    deal_id: Optional[str] = seen_by(STAFF, default=None)


def _deal_of(order: Order) -> Optional[str]:
    customer = order.customer_id or ""
    return customer.split(":", 1)[1] if customer.startswith("deal:") else None


def order_changes(old: Optional[Order], new: Order) -> list[Event]:
    """Every event an order's committed change makes: its status moved, a refund landed, a payment failed."""
    found: list[Event] = []
    moved = status_change(old, new)
    if moved is not None:
        found.append(moved)
    refunded_before = old.payment.amount_refunded if old else 0
    if new.payment.amount_refunded > refunded_before:
        found.append(RefundIssued(order_id=new.id, order_version=new.version, currency=new.currency,
                                  amount=new.payment.amount_refunded - refunded_before,
                                  amount_refunded=new.payment.amount_refunded, deal_id=_deal_of(new)))
    error = new.payment.last_error
    if error and error != (old.payment.last_error if old else None):
        found.append(PaymentFailed(order_id=new.id, order_version=new.version, reason=error,
                                   payment_method=new.payment.method, deal_id=_deal_of(new)))
    return found


def status_change(old: Optional[Order], new: Order) -> Optional[OrderStatusChanged]:
    """The event an order's committed change makes, if its status moved (None otherwise)."""
    if old is not None and old.status == new.status:
        return None
    return OrderStatusChanged(
        order_id=new.id, status=new.status, previous_status=old.status if old else None, order_version=new.version,
        currency=new.currency, total=new.total.amount, amount_refunded=new.payment.amount_refunded,
        payment_method=new.payment.method, deal_id=_deal_of(new))
