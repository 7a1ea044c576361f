"""Payment writes on orders: card checkout sessions, invoices with net terms, refunds, and recording
what Stripe tells us (webhook handlers call these). Only stripe_gateway talks to Stripe."""
from __future__ import annotations

from typing import Optional

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from commerce import clock, ids
from commerce.domain.orders import (
    PAID, PARTIALLY_REFUNDED, PENDING_PAYMENT, REFUNDED, Order, can_move, check_transition,
)
from commerce.errors import Conflict, InvalidInput
from commerce.payments import stripe_gateway
from commerce.persistence import keys
from commerce.persistence.orders import OrderItem, ReservationItem, status_actions
from commerce.persistence.payments import BillingCustomerItem
from commerce.persistence.transaction import Transaction, conflict_retry
from commerce.services import orders, selectors


def _order_update(order_id: str, actions: list, condition=None) -> bool:
    """One conditional UpdateItem; retried while the order is inside another transaction."""
    def attempt() -> bool:
        try:
            OrderItem(keys.order_pk(order_id), keys.ORDER_SK).update(actions=actions, condition=condition)
            return True
        except UpdateError as exc:
            if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
                return False
            raise

    return conflict_retry(attempt)


def order_checkout_session(*, order_id: str, success_url: str, cancel_url: str) -> Order:
    """Open (or reuse) the Stripe Checkout session for a pending order. If Stripe refuses, the order is
    canceled so its stock goes back at once."""
    order = selectors.order_get(order_id=ids.check_id(order_id, "order"))
    if order.payment.checkout_url or order.status != PENDING_PAYMENT:
        return order
    try:
        session = stripe_gateway.checkout_session_create(order=order, success_url=success_url, cancel_url=cancel_url)
    except stripe_gateway.PaymentProviderError:
        orders.order_cancel(order_id=order.id)
        raise
    _order_update(order.id, [OrderItem.payment_method.set("card"), OrderItem.checkout_session_id.set(session.id),
                             OrderItem.checkout_url.set(session.url)])
    return selectors.order_get(order_id=order.id)


def account_customer(*, account_id: str, name: str, email: str) -> str:
    """The buyer organisation's Stripe Customer, created once (conditional put; idempotent at Stripe)."""
    try:
        return BillingCustomerItem.get(f"ACCOUNT#{account_id}", "STRIPE_CUSTOMER", consistent_read=True).customer_id
    except DoesNotExist:
        pass
    customer_id = stripe_gateway.customer_create(account_id=account_id, name=name, email=email)
    try:
        BillingCustomerItem(f"ACCOUNT#{account_id}", "STRIPE_CUSTOMER", account_id=account_id,
                            customer_id=customer_id, name=name, email=email).save(
            condition=BillingCustomerItem.pk.does_not_exist())
    except PutError:
        pass  # a concurrent call stored it first; Stripe's idempotency key made it the same customer
    return customer_id


def order_invoice(*, order_id: str, account_id: str, name: str, email: str, net_days: int) -> Order:
    """Pay by invoice with net terms: the stock stays held until the due date; paid -> sold, voided -> released."""
    order = selectors.order_get(order_id=ids.check_id(order_id, "order"))
    if order.payment.invoice_url:
        return order
    check_transition(order.status, PAID)
    if order.payment.checkout_session_id:
        if stripe_gateway.checkout_session_expire(session_id=order.payment.checkout_session_id) == "complete":
            raise Conflict("this order was just paid by card")
    customer_id = account_customer(account_id=account_id, name=name, email=email)
    invoice = stripe_gateway.invoice_send_for_order(order=order, customer_id=customer_id, days_until_due=net_days)
    hold_until = max(order.hold_until, invoice.due_date or 0)
    tx = Transaction()
    tx.update(OrderItem(keys.order_pk(order.id), keys.ORDER_SK), [
        OrderItem.payment_method.set("invoice"), OrderItem.invoice_id.set(invoice.id),
        OrderItem.invoice_url.set(invoice.hosted_url), OrderItem.invoice_due.set(invoice.due_date or 0),
        OrderItem.hold_until.set(hold_until)], condition=OrderItem.status == PENDING_PAYMENT, label="order")
    for line in order.lines:
        tx.update(ReservationItem(keys.product_pk(line.sku), keys.reservation_sk(order.id)), [
            ReservationItem.hold_until.set(hold_until),
            ReservationItem.gsi1sk.set(keys.held_reservation_sk(hold_until, line.sku, order.id)),
            ReservationItem.expires_at.set(clock.ttl(hold_until + 7 * 24 * 3600))],
            condition=ReservationItem.status == "held", label=f"reservation:{line.sku}")
    conflict_retry(tx.commit)
    return selectors.order_get(order_id=order.id)


def order_refund(*, order_id: str, amount: Optional[int] = None, lines: Optional[dict[str, int]] = None,
                 expected_refunds_requested: Optional[int] = None) -> str:
    """Refund all, an amount, or some lines ({sku: quantity}) of a card-paid order. The order moves to
    partially_refunded or refunded when Stripe confirms (charge.refunded). `expected_refunds_requested`
    (what the person saw) refuses a refund when another was requested meanwhile: no double refunds from two
    staff members or a resubmitted form."""
    order = selectors.order_get(order_id=ids.check_id(order_id, "order"))
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
    item = OrderItem(keys.order_pk(order.id), keys.ORDER_SK)
    pinned = None
    if expected_refunds_requested is not None:
        pinned = OrderItem.refunds_requested == expected_refunds_requested
        if expected_refunds_requested == 0:
            pinned |= OrderItem.refunds_requested.does_not_exist()
    try:  # numbers each refund
        conflict_retry(lambda: item.update(actions=[OrderItem.refunds_requested.add(1)], condition=pinned))
    except UpdateError as exc:
        if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
            raise
        raise Conflict("Another refund was requested for this order since you opened it. Check the order "
                       "and try again.") from None
    return stripe_gateway.refund_create(payment_intent_id=order.payment.payment_intent_id, amount=amount,
                                        order_id=order.id, refund_number=int(item.refunds_requested))


# --- what Stripe told us (called by webhook handlers) -----------------------------------------------

def order_paid(*, order_id: str, payment_intent_id: Optional[str] = None,
               subscription_id: Optional[str] = None) -> str:
    actions = []
    if payment_intent_id:
        actions.append(OrderItem.payment_intent_id.set(payment_intent_id))
    if subscription_id:
        actions.append(OrderItem.subscription_id.set(subscription_id))
    if actions:
        _order_update(order_id, actions)
    before = selectors.order_get(order_id=order_id).status
    after = orders.order_mark_paid(order_id=order_id).status if can_move(before, PAID) or before == PAID else before
    return "paid" if before != PAID and after == PAID else f"no change (order {after})"


def order_payment_failed(*, order_id: str, message: str) -> str:
    changed = _order_update(order_id, [OrderItem.payment_error.set(message[:300])],
                            condition=OrderItem.status == PENDING_PAYMENT)
    return "payment error recorded" if changed else "no change (order no longer pending)"


def order_refunded(*, order_id: str, amount_refunded: int) -> str:
    """Only ever moves forward: a stale charge.refunded (smaller total) changes nothing."""
    order = selectors.order_get(order_id=order_id)
    target = REFUNDED if amount_refunded >= order.total.amount else PARTIALLY_REFUNDED
    if amount_refunded <= order.payment.amount_refunded or not can_move(order.status, target):
        return f"no change (order {order.status}, {order.payment.amount_refunded} refunded)"
    changed = _order_update(order_id, [OrderItem.amount_refunded.set(amount_refunded), *status_actions(target),
                                       OrderItem.version.add(1)],
                            condition=(OrderItem.amount_refunded < amount_refunded) & (OrderItem.status == order.status))
    return target if changed else "no change (a newer refund was recorded first)"
