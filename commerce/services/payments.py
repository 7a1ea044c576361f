"""Payment writes on orders: card checkout sessions, invoices with net terms, refunds, and recording
what Stripe tells us (webhook handlers call these). Only stripe_gateway talks to Stripe."""
from __future__ import annotations

from typing import Optional

from commerce import ids
from commerce.domain.orders import (
    PAID,
    PARTIALLY_REFUNDED,
    PENDING_PAYMENT,
    REFUNDED,
    Order,
    can_move,
    check_transition,
)
from commerce.errors import Conflict, InvalidInput
from commerce.payments import stripe_gateway
from commerce.persistence.uow import UnitOfWork, apply, unit_of_work
from commerce.services import orders, payout_refunds
from commerce.services.selectors import order_get


def order_checkout_session(*, order_id: str, success_url: str, cancel_url: str) -> Order:
    """Open (or reuse) the Stripe Checkout session for a pending order. If Stripe refuses or cannot be
    reached, the order is canceled at once: its stock goes back and its cart opens again for a retry."""
    order = order_get(order_id=ids.check_id(order_id, "order"))
    if order.payment.checkout_url or order.status != PENDING_PAYMENT:
        return order
    try:
        session = stripe_gateway.checkout_session_create(order=order, success_url=success_url, cancel_url=cancel_url)
    except (stripe_gateway.PaymentProviderError, stripe_gateway.PaymentProviderUnavailable):
        orders.order_cancel(order_id=order.id)
        raise
    apply(lambda u: u.orders.set_checkout(order.id, session_id=session.id, url=session.url))
    return order_get(order_id=order.id)


def account_customer(*, account_id: str, name: str, email: str) -> str:
    """The buyer organisation's Stripe Customer, created once (conditional put; idempotent at Stripe)."""
    known = unit_of_work().billing.customer_of(account_id)
    if known:
        return known
    customer_id = stripe_gateway.customer_create(account_id=account_id, name=name, email=email)
    # a concurrent call may have stored it first; Stripe's idempotency key made it the same customer
    apply(lambda u: u.billing.add_customer(account_id=account_id, customer_id=customer_id, name=name, email=email),
           refused=lambda exc: bool(exc.failed("customer")))
    return customer_id


def order_invoice(*, order_id: str, account_id: str, name: str, email: str, net_days: int) -> Order:
    """Pay by invoice with net terms: the stock stays held until the due date; paid -> sold, voided -> released."""
    order = order_get(order_id=ids.check_id(order_id, "order"))
    if order.payment.invoice_url:
        return order
    check_transition(order.status, PAID)
    session = order.payment.checkout_session_id
    if session and stripe_gateway.checkout_session_expire(session_id=session) == "complete":
        raise Conflict("this order was just paid by card")
    customer_id = account_customer(account_id=account_id, name=name, email=email)
    invoice = stripe_gateway.invoice_send_for_order(order=order, customer_id=customer_id, days_until_due=net_days)
    hold_until = max(order.hold_until, invoice.due_date or 0)

    def build(u: UnitOfWork) -> None:
        u.orders.set_invoice(order.id, invoice_id=invoice.id, url=invoice.hosted_url, due=invoice.due_date,
                             hold_until=hold_until)
        for line in order.lines:
            u.stock.extend(sku=line.sku, order_id=order.id, hold_until=hold_until)

    apply(build)
    return order_get(order_id=order.id)


def order_refund(*, order_id: str, amount: Optional[int] = None, lines: Optional[dict[str, int]] = None,
                 expected_refunds_requested: Optional[int] = None) -> str:
    """Refund all, an amount, or some lines ({sku: quantity}) of a card-paid order. The order moves to
    partially_refunded or refunded when Stripe confirms (charge.refunded). `expected_refunds_requested`
    (what the person saw) refuses a refund when another was requested meanwhile: no double refunds from two
    staff members or a resubmitted form."""
    order = order_get(order_id=ids.check_id(order_id, "order"))
    if not order.payment.payment_intent_id:
        raise Conflict("only orders paid by card can be refunded here")
    if lines:
        by_sku = {line.sku: line for line in order.lines}
        amount = 0
        for sku, quantity in lines.items():
            if sku not in by_sku or not 0 < quantity <= by_sku[sku].quantity:
                raise InvalidInput(f"cannot refund {quantity} of {sku}")
            amount += by_sku[sku].unit_price.amount * quantity
    amount = order.refundable if amount is None else amount
    if not 0 < amount <= order.refundable:
        raise InvalidInput(f"refund must be between 1 and {order.refundable} (minor units)")
    terms = payout_refunds.refund_terms(order, amount=amount, lines=lines)  # what the order's vendors give back
    number = {}

    def build(u: UnitOfWork) -> None:
        number["of"] = u.orders.count_refund_request(order.id, expected=expected_refunds_requested)

    if not apply(build, refused=lambda exc: bool(exc.failed("order"))):
        raise Conflict("Another refund was requested for this order since you opened it. Check the order "
                       "and try again.")
    return stripe_gateway.refund_create(payment_intent_id=order.payment.payment_intent_id, amount=amount,
                                        order_id=order.id, refund_number=number["of"](),
                                        destination=terms.destination, vendor_parts=terms.vendor_parts)


# --- what Stripe told us (called by webhook handlers) -----------------------------------------------

def order_paid(*, order_id: str, payment_intent_id: Optional[str] = None,
               subscription_id: Optional[str] = None) -> str:
    if payment_intent_id or subscription_id:
        apply(lambda u: u.orders.set_payment_refs(order_id, payment_intent_id=payment_intent_id,
                                                   subscription_id=subscription_id))
    before = order_get(order_id=order_id).status
    after = orders.order_mark_paid(order_id=order_id).status if can_move(before, PAID) or before == PAID else before
    return "paid" if before != PAID and after == PAID else f"no change (order {after})"


def order_payment_failed(*, order_id: str, message: str) -> str:
    changed = apply(lambda u: u.orders.note_payment_error(order_id, message=message),
                     refused=lambda exc: bool(exc.failed("order")))
    return "payment error recorded" if changed else "no change (order no longer pending)"


def order_refunded(*, order_id: str, amount_refunded: int) -> str:
    """Only ever moves forward: a stale charge.refunded (smaller total) changes nothing."""
    order = order_get(order_id=order_id)
    target = REFUNDED if amount_refunded >= order.total.amount else PARTIALLY_REFUNDED
    if amount_refunded <= order.payment.amount_refunded or not can_move(order.status, target):
        return f"no change (order {order.status}, {order.payment.amount_refunded} refunded)"
    changed = apply(lambda u: u.orders.record_refunded(order_id, amount_refunded=amount_refunded,
                                                        status_was=order.status, to=target),
                     refused=lambda exc: bool(exc.failed("order")))
    return target if changed else "no change (a newer refund was recorded first)"
