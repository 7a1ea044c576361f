"""Paying vendors their share once an order is paid (called by the webhook handler of the event that marks it
paid, every time that event is processed): an idempotent saga, each step found done when repeated.

- destination charge: Stripe already transferred the whole amount and collected Quorum's fee as an
  Application Fee; the share is recorded from the charge (its transfer and fee ids);
- separate charge: per vendor, the transfer already made in the order's transfer group (it names its vendor)
  or a new one of the vendor's net, from the order's charge (`source_transaction`), with idempotency key
  `quorum-transfer-<order>-<vendor>`; then the share is recorded once (a conditional put).
"""
from __future__ import annotations

import logging
from typing import Optional

from commerce import clock
from commerce.domain import payouts
from commerce.domain.orders import FULFILLED, PAID, PARTIALLY_REFUNDED, REFUNDED, Order
from commerce.domain.payouts import PayoutRecord, Share
from commerce.payments import stripe_connect
from commerce.persistence.uow import apply, unit_of_work
from commerce.services.selectors import order_get

log = logging.getLogger(__name__)
SETTLED = (PAID, FULFILLED, PARTIALLY_REFUNDED, REFUNDED)


def order_payouts_settle(*, order_id: str) -> Optional[str]:
    """Make and record every vendor's payout of a paid order. None for an order without vendors."""
    order = order_get(order_id=order_id)
    kind = payouts.charge_kind(order)
    if kind == payouts.PLATFORM:
        return None
    if order.status not in SETTLED:
        return f"vendors not paid: order {order.status}"
    recorded = unit_of_work().payouts.of_order(order.id)
    missing = [share for share in payouts.shares(order) if share.vendor_id not in recorded]
    if not missing:
        return f"{len(recorded)} vendor payout(s) recorded already"
    money = _charge_money(order)
    if money is None:  # e.g. an invoice marked paid outside Stripe: no charge, so Stripe moved nothing
        log.warning("order %s was paid without a Stripe charge: its vendors must be paid by hand", order.id)
        return "vendors not paid: the payment has no Stripe charge (paid outside Stripe?); pay them by hand"
    made = {} if kind == payouts.DESTINATION else stripe_connect.transfers_of_group(
        group=payouts.transfer_group(order.id))
    for share in missing:
        if kind == payouts.DESTINATION:
            record = _record(order, share, kind, transfer_id=money.transfer_id, fee_id=money.application_fee_id)
        else:
            transfer_id = made.get(share.vendor_id) or (stripe_connect.transfer_create(
                order_id=order.id, vendor_id=share.vendor_id, account_id=share.account_id, amount=share.net,
                currency=share.currency, source_charge=money.charge_id) if share.net > 0 else None)
            record = _record(order, share, kind, transfer_id=transfer_id, fee_id=None)
        apply(lambda u, r=record: u.payouts.add(r), refused=lambda exc: bool(exc.failed("payout")))
    return f"{len(missing)} vendor payout(s) recorded ({kind})"


def _charge_money(order: Order) -> Optional[stripe_connect.ChargeMoney]:
    if order.payment.payment_intent_id:
        return stripe_connect.charge_money(payment_intent_id=order.payment.payment_intent_id)
    if order.payment.invoice_id:
        return stripe_connect.invoice_charge_money(invoice_id=order.payment.invoice_id)
    return None


def _record(order: Order, share: Share, kind: str, *, transfer_id: Optional[str],
            fee_id: Optional[str]) -> PayoutRecord:
    return PayoutRecord(order_id=order.id, vendor_id=share.vendor_id, account_id=share.account_id,
                        currency=share.currency, kind=kind, gross=share.gross, fee=share.fee, created_at=clock.now(),
                        transfer_id=transfer_id, fee_id=fee_id)
