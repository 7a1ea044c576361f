"""commerce's own events, derived from committed changes of its items (the table's stream is their
outbox): an order's status changes. Pure Python."""
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


def status_change(old: Optional[Order], new: Order) -> Optional[OrderStatusChanged]:
    """The event an order's committed change makes, if its status moved (None otherwise)."""
    if old is not None and old.status == new.status:
        return None
    customer = new.customer_id or ""
    return OrderStatusChanged(
        order_id=new.id, status=new.status, previous_status=old.status if old else None, order_version=new.version,
        currency=new.currency, total=new.total.amount, amount_refunded=new.payment.amount_refunded,
        payment_method=new.payment.method, deal_id=customer.split(":", 1)[1] if customer.startswith("deal:") else None)
