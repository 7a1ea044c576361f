"""Order lifecycle on reservations: release (canceled, expired) and commit (paid).

Each is ONE transaction conditioned on the order still being pending_payment and each reservation still
held, so it happens exactly once however often, or however concurrently, it is called.
"""
from __future__ import annotations

import logging
from typing import Optional

from commerce import clock, ids
from commerce.domain.cart import CHECKED_OUT
from commerce.domain.money import exponent
from commerce.domain.orders import CANCELED, EXPIRED, PAID, PENDING_PAYMENT, Order, check_transition
from commerce.domain.stock import COMMITTED, RELEASED
from commerce.errors import NotFound
from commerce.persistence import retry
from commerce.persistence.transaction import TransactionCanceled
from commerce.persistence.uow import unit_of_work
from config.observability import metrics, tracing

log = logging.getLogger(__name__)


def _get(order_id: str) -> Order:
    order = unit_of_work().orders.get(ids.check_id(order_id, "order"))
    if order is None:
        raise NotFound("no such order")
    return order


def order_cancel(*, order_id: str) -> Order:
    return _release(order_id, CANCELED, only_if_lapsed=False)[0]


def order_expire_session_closed(*, order_id: str) -> Order:
    """Stripe expired the order's Checkout Session: no payment can come, release now (hold or not)."""
    return _release(order_id, EXPIRED, only_if_lapsed=False, session_closed=True)[0]


def order_mark_paid(*, order_id: str) -> Order:
    """Payment confirmed: the reservations become sales (on_hand and reserved both drop). A failed attempt
    noted before this payment no longer applies: cleared in the same write that marks the order paid."""
    order = _get(order_id)
    if order.status == PAID:
        return order
    check_transition(order.status, PAID)

    def attempt() -> tuple[Order, bool]:
        u = unit_of_work()
        u.orders.move(order.id, to=PAID, clear_error=True)
        for line in order.lines:
            u.stock.settle(sku=line.sku, order_id=order.id, quantity=line.quantity, status=COMMITTED)
        return _commit_once(u, order.id)

    with tracing.span("order.paid", order_id=order.id) as span:
        paid, moved = retry.attempt(attempt)
        span.annotate(outcome="paid" if moved else "already_moved")
    if moved:  # exactly once per order, whichever webhook or replay got here first
        metrics.count(metrics.ORDERS_PAID)
        metrics.add(metrics.REVENUE, "None", order.total.amount / 10 ** exponent(order.currency),
                    currency=order.currency)
    return paid


def order_release_after_ttl(*, order_id: str) -> tuple[Order, bool]:
    """DynamoDB's TTL deleted a reservation that was still held (the sweeper never got to it): expire the
    order and give its stock back. Reservations TTL already deleted are released by stock only; the order's
    pending_payment condition still makes it happen once, however many of its deletions are delivered."""
    order = _get(order_id)
    skus = [line.sku for line in order.lines]
    present = {r.sku for r in unit_of_work().stock.reservations_of(order_id=order.id, skus=skus)}
    return _release(order_id, EXPIRED, only_if_lapsed=True, gone=frozenset(skus) - present)


def _release(order_id: str, target: str, *, only_if_lapsed: bool, session_closed: bool = False,
             gone: frozenset[str] = frozenset()) -> tuple[Order, bool]:
    """Returns the order as it is now, and whether THIS call released it. `gone`: skus whose reservation
    item no longer exists (deleted by TTL), released by stock alone."""
    order = _get(order_id)
    if order.status == target:
        return order, False  # already done: calling again changes nothing
    if only_if_lapsed and (order.status != PENDING_PAYMENT or order.hold_until > clock.now()):
        return order, False  # expiry only ever applies to a pending order whose hold has passed
    if target == EXPIRED and order.status != PENDING_PAYMENT:
        return order, False  # an order that moved on (paid, canceled) never expires
    check_transition(order.status, target)
    if order.payment.checkout_session_id and not session_closed:
        # Close the door at Stripe first: if the buyer paid in the last second, keep the stock for them.
        from commerce.payments import stripe_gateway

        if stripe_gateway.checkout_session_expire(session_id=order.payment.checkout_session_id) == "complete":
            return order, False

    def attempt() -> tuple[Order, bool]:
        u = unit_of_work()
        u.orders.move(order.id, to=target, hold_lapsed_at=clock.now() if only_if_lapsed else None)
        for line in order.lines:
            u.stock.settle(sku=line.sku, order_id=order.id, quantity=line.quantity, status=RELEASED,
                           reservation_exists=line.sku not in gone)
        cart = u.carts.get(order.cart_id) if order.cart_id else None
        if cart is not None and cart.status == CHECKED_OUT and cart.order_id == order.id:
            u.carts.reopen(cart_id=cart.id, order_id=order.id)  # never paid: the cart (or quote) comes back
        return _commit_once(u, order.id)

    return retry.attempt(attempt)


def _commit_once(u, order_id: str) -> tuple[Order, bool]:
    try:
        u.commit()
        applied = True
    except TransactionCanceled as exc:
        if exc.conflict:
            raise
        if not (exc.failed("order") or exc.failed("reservation:")):
            if exc.failed("cart"):
                raise retry.Replan() from None  # the cart moved (or expired) since it was read
            raise
        log.info("order %s already moved on; nothing to do", order_id)  # another caller won: exactly once
        applied = False
    return _get(order_id), applied


def reservations_sweep(*, now: Optional[int] = None) -> int:
    """Expire every pending order with a lapsed reservation. Returns how many orders this call expired."""
    now = now or clock.now()
    expired = 0
    for order_id in sorted({r.order_id for r in unit_of_work().stock.lapsed(now=now)}):
        expired += _release(order_id, EXPIRED, only_if_lapsed=True)[1]
    return expired


def order_expire_lapsed_for_skus(*, skus: list[str]) -> int:
    """Release lapsed reservations on these products now (used when checkout runs short)."""
    now = clock.now()
    count = 0
    for sku in skus:
        for reservation in unit_of_work().stock.lapsed_for(sku=sku, now=now):
            _release(reservation.order_id, EXPIRED, only_if_lapsed=True)
            count += 1  # released by this call or a concurrent one: either way the units are free again
    return count
