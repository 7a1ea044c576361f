"""Order lifecycle on reservations: release (canceled, expired) and commit (paid).

Each is ONE transaction conditioned on the order still being pending_payment and each reservation still
held, so it happens exactly once however often, or however concurrently, it is called.
"""
from __future__ import annotations

import logging

from commerce import clock, ids
from commerce.domain.orders import CANCELED, EXPIRED, PAID, PENDING_PAYMENT, Order, check_transition
from commerce.domain.stock import COMMITTED, HELD, RELEASED
from commerce.persistence import keys
from commerce.persistence.catalog import StockItem
from commerce.persistence.orders import OrderItem, ReservationItem, status_actions
from commerce.persistence.transaction import Transaction, TransactionCanceled, conflict_retry
from commerce.services import selectors

log = logging.getLogger(__name__)


def order_cancel(*, order_id: str) -> Order:
    return _release(order_id, CANCELED, only_if_lapsed=False)[0]


def order_expire(*, order_id: str) -> Order:
    """Expire a pending order whose hold has passed; a no-op (returns the order) if it moved on."""
    return _release(order_id, EXPIRED, only_if_lapsed=True)[0]


def order_expire_session_closed(*, order_id: str) -> Order:
    """Stripe expired the order's Checkout Session: no payment can come, release now (hold or not)."""
    return _release(order_id, EXPIRED, only_if_lapsed=False, session_closed=True)[0]


def order_mark_paid(*, order_id: str) -> Order:
    """Payment confirmed: the reservations become sales (on_hand and reserved both drop)."""
    ids.check_id(order_id, "order")
    order = selectors.order_get(order_id=order_id)
    if order.status == PAID:
        return order
    check_transition(order.status, PAID)
    tx = Transaction()
    # a failed attempt noted before this payment no longer applies: cleared in the same write that
    # marks the order paid, so a late failure notice cannot slip in between
    tx.update(OrderItem(keys.order_pk(order.id), keys.ORDER_SK),
              [*status_actions(PAID), OrderItem.version.add(1), OrderItem.payment_error.remove()],
              condition=OrderItem.status == PENDING_PAYMENT, label="order")
    for line in order.lines:
        _reservation_to(tx, order.id, line.sku, COMMITTED)
        stock = StockItem(keys.product_pk(line.sku), keys.STOCK_SK)
        tx.update(stock, [StockItem.on_hand.add(-line.quantity), StockItem.reserved.add(-line.quantity)],
                  label=f"stock:{line.sku}")
    return _commit_once(tx, order.id)[0]


def order_release_after_ttl(*, order_id: str) -> tuple[Order, bool]:
    """DynamoDB's TTL deleted a reservation that was still held (the sweeper never got to it): expire the
    order and give its stock back. Reservations TTL already deleted are released by stock only; the order's
    pending_payment condition still makes it happen once, however many of its deletions are delivered."""
    ids.check_id(order_id, "order")
    order = selectors.order_get(order_id=order_id)
    present = {item.sku for item in _reservations_present(order)}
    gone = frozenset(line.sku for line in order.lines) - present
    return _release(order_id, EXPIRED, only_if_lapsed=True, gone=gone)


def _reservations_present(order: Order) -> list[ReservationItem]:
    keys_ = [(keys.product_pk(line.sku), keys.reservation_sk(order.id)) for line in order.lines]
    return list(ReservationItem.batch_get(keys_, consistent_read=True)) if keys_ else []


def _release(order_id: str, target: str, *, only_if_lapsed: bool, session_closed: bool = False,
             gone: frozenset[str] = frozenset()) -> tuple[Order, bool]:
    """Returns the order as it is now, and whether THIS call released it. `gone`: skus whose reservation
    item no longer exists (deleted by TTL), released by stock alone."""
    ids.check_id(order_id, "order")
    order = selectors.order_get(order_id=order_id)
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
    condition = OrderItem.status == PENDING_PAYMENT
    if only_if_lapsed:
        condition &= OrderItem.hold_until <= clock.now()
    tx = Transaction()
    tx.update(OrderItem(keys.order_pk(order.id), keys.ORDER_SK),
              [*status_actions(target), OrderItem.version.add(1)], condition=condition, label="order")
    for line in order.lines:
        if line.sku not in gone:
            _reservation_to(tx, order.id, line.sku, RELEASED)
        stock = StockItem(keys.product_pk(line.sku), keys.STOCK_SK)
        tx.update(stock, [StockItem.reserved.add(-line.quantity), StockItem.available.add(line.quantity)],
                  label=f"stock:{line.sku}")
    return _commit_once(tx, order.id)


def _reservation_to(tx: Transaction, order_id: str, sku: str, status: str) -> None:
    item = ReservationItem(keys.product_pk(sku), keys.reservation_sk(order_id))
    tx.update(item, [ReservationItem.status.set(status), ReservationItem.gsi1pk.remove(),
                     ReservationItem.gsi1sk.remove()],
              condition=ReservationItem.status == HELD, label=f"reservation:{sku}")


def _commit_once(tx: Transaction, order_id: str) -> tuple[Order, bool]:
    try:
        conflict_retry(tx.commit, attempts=20)
        applied = True
    except TransactionCanceled as exc:
        if not (exc.failed("order") or exc.failed("reservation:")):
            raise
        log.info("order %s already moved on; nothing to do", order_id)  # another caller won: exactly once
        applied = False
    return selectors.order_get(order_id=order_id), applied


def reservations_sweep(*, now: int | None = None) -> int:
    """Expire every pending order with a lapsed reservation. Returns how many orders this call expired."""
    now = now or clock.now()
    expired = 0
    for order_id in sorted({r.order_id for r in selectors.reservations_lapsed(now=now)}):
        expired += _release(order_id, EXPIRED, only_if_lapsed=True)[1]
    return expired


def order_expire_lapsed_for_skus(*, skus: list[str]) -> int:
    """Release lapsed reservations on these products now (used when checkout runs short)."""
    now = clock.now()
    count = 0
    for sku in skus:
        for item in ReservationItem.query(keys.product_pk(sku), ReservationItem.sk.startswith("RESERVATION#"),
                                          filter_condition=(ReservationItem.status == HELD)
                                          & (ReservationItem.hold_until <= now), consistent_read=True):
            _release(item.order_id, EXPIRED, only_if_lapsed=True)
            count += 1  # released by this call or a concurrent one: either way the units are free again
    return count
