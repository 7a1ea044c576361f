"""Orders and their state machine. Status only ever moves forward.

pending_payment -> paid -> fulfilled
pending_payment -> canceled | expired
paid -> partially_refunded -> refunded;  paid -> refunded
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from commerce.domain.money import Money
from commerce.errors import Conflict

PENDING_PAYMENT = "pending_payment"
PAID = "paid"
FULFILLED = "fulfilled"
CANCELED = "canceled"
EXPIRED = "expired"
PARTIALLY_REFUNDED = "partially_refunded"
REFUNDED = "refunded"

STATUSES = (PENDING_PAYMENT, PAID, FULFILLED, CANCELED, EXPIRED, PARTIALLY_REFUNDED, REFUNDED)

TRANSITIONS: dict[str, frozenset[str]] = {
    PENDING_PAYMENT: frozenset({PAID, CANCELED, EXPIRED}),
    PAID: frozenset({FULFILLED, PARTIALLY_REFUNDED, REFUNDED}),
    PARTIALLY_REFUNDED: frozenset({PARTIALLY_REFUNDED, REFUNDED}),
    FULFILLED: frozenset({PARTIALLY_REFUNDED, REFUNDED}),
    CANCELED: frozenset(),
    EXPIRED: frozenset(),
    REFUNDED: frozenset(),
}


class InvalidTransition(Conflict):
    code = "invalid_transition"


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check_transition(current: str, target: str) -> None:
    if not can_move(current, target):
        raise InvalidTransition(f"an order that is {current.replace('_', ' ')} cannot become "
                                f"{target.replace('_', ' ')}",
                                status=current)


@dataclass(frozen=True)
class OrderLine:
    sku: str
    name: str
    quantity: int
    unit_price: Money
    recurring_interval: Optional[str] = None
    vendor_id: Optional[str] = None  # the partner vendor paid for this line (None: Quorum's own product)

    @property
    def line_total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Order:
    id: str
    status: str
    currency: str
    lines: tuple[OrderLine, ...]
    created_at: int  # epoch seconds
    hold_until: int  # reservations lapse at this time unless the order is paid
    cart_id: Optional[str] = None
    customer_id: Optional[str] = None
    version: int = 1
    payment: Payment = field(default_factory=lambda: Payment())
    payees: tuple[Payee, ...] = ()  # the vendors of its lines, with their account and fee rate at checkout

    @property
    def total(self) -> Money:
        return Money.total((line.line_total for line in self.lines), self.currency)

    @property
    def open(self) -> bool:
        return self.status == PENDING_PAYMENT

    @property
    def recurring(self) -> bool:
        return any(line.recurring_interval for line in self.lines)

    @property
    def amount_paid(self) -> int:
        return self.total.amount if self.status in (PAID, FULFILLED, PARTIALLY_REFUNDED, REFUNDED) else 0

    @property
    def refundable(self) -> int:
        return max(0, self.amount_paid - self.payment.amount_refunded)


@dataclass(frozen=True)
class Payee:
    """A vendor paid for some of an order's lines, as it stood at checkout: its Stripe connected account and
    the platform fee rate (basis points) Quorum keeps. Snapshotted so later changes never alter a sale."""

    vendor_id: str
    account_id: str
    fee_rate_bps: int
    name: str = ""


@dataclass(frozen=True)
class Payment:
    """Where the money for an order comes from, as Stripe knows it."""

    method: Optional[str] = None  # "card" (Checkout) or "invoice" (Billing, net terms)
    checkout_session_id: Optional[str] = None
    checkout_url: Optional[str] = None
    payment_intent_id: Optional[str] = None
    subscription_id: Optional[str] = None
    invoice_id: Optional[str] = None
    invoice_url: Optional[str] = None
    invoice_due: Optional[int] = None
    amount_refunded: int = 0
    last_error: Optional[str] = None
    refunds_requested: int = 0  # refunds asked of Stripe so far (each numbered for its idempotency key)
