"""Refunds of marketplace orders: what each vendor gives back, and recording it.

- destination charge (one vendor): the refund itself reverses the transfer and refunds Quorum's fee in
  proportion (`reverse_transfer`, `refund_application_fee`); Quorum records what Stripe did;
- separate charge: a refund names the lines it gives back (or is the whole rest), split per vendor
  (commerce/domain/payouts.py), and carries that split in its metadata; the `refund.created` handler reverses
  each vendor's transfer by its lines' price minus their fee, idempotent per refund and vendor, and accounts
  for it on the vendor's share once (the refund's id is kept there).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional

from commerce.domain import payouts
from commerce.domain.orders import Order
from commerce.domain.payouts import PayoutRecord, Refunded
from commerce.errors import Conflict, InvalidInput, NotFound
from commerce.payments import stripe_connect
from commerce.persistence import retry
from commerce.persistence.uow import apply, unit_of_work
from commerce.services.selectors import order_get

PREFIX = "vendor_"  # refund metadata: vendor_<id> = "<gross>:<fee>"


@dataclass(frozen=True)
class RefundTerms:
    destination: bool = False
    vendor_parts: Optional[dict[str, str]] = None


def refund_terms(order: Order, *, amount: int, lines: Optional[Mapping[str, int]]) -> RefundTerms:
    """How a refund of `amount` (of `lines`, if given) treats the order's vendors."""
    kind = payouts.charge_kind(order)
    if kind == payouts.PLATFORM:
        return RefundTerms()
    if kind == payouts.DESTINATION:
        return RefundTerms(destination=True)
    refunded = {vendor: Refunded(gross=r.refunded, fee=r.fee_refunded)
                for vendor, r in unit_of_work().payouts.of_order(order.id).items()}
    if lines:
        plan = payouts.refund_of_lines(order, lines, refunded)
    elif amount == order.refundable:
        plan = payouts.refund_of_rest(order, amount, refunded)
    else:
        raise InvalidInput("This order paid several vendors: refund it by lines (or refund all of it), so each "
                           "vendor gives back exactly its own lines.")
    return RefundTerms(vendor_parts={f"{PREFIX}{part.vendor_id}": f"{part.gross}:{part.fee}" for part in plan.vendors})


def payout_refund_record(*, refund: dict) -> str:
    """`refund.created`: reverse and account for each vendor's part of the refund, once."""
    order = order_get(order_id=(refund.get("metadata") or {}).get("order_id") or "")
    kind = payouts.charge_kind(order)
    if kind == payouts.PLATFORM:
        return "no vendor lines"
    if kind == payouts.DESTINATION:
        (share,) = payouts.shares(order)
        return _destination(order, share.vendor_id, refund)
    parts = _parts(refund.get("metadata") or {})
    done = [_separate(order, vendor_id, refund["id"], gross, fee) for vendor_id, (gross, fee) in parts.items()]
    return "; ".join(done) or "no vendor lines refunded"


def _parts(metadata: Mapping[str, str]) -> dict[str, tuple[int, int]]:
    parts = {}
    for key, value in metadata.items():
        if key.startswith(PREFIX):
            gross, _, fee = str(value).partition(":")
            if not (gross.isdigit() and fee.isdigit()):
                raise InvalidInput(f"refund metadata {key}={value!r} is not <gross>:<fee>")
            parts[key[len(PREFIX):]] = (int(gross), int(fee))
    return parts


def _share(order_id: str, vendor_id: str) -> PayoutRecord:
    record = unit_of_work().payouts.get(order_id, vendor_id)
    if record is None:  # the payout is made by the payment's handler; Stripe's retry finds it recorded
        raise Conflict(f"vendor {vendor_id}'s payout of order {order_id} is not recorded yet")
    return record


def _account(record: PayoutRecord, refund_id: str, *, refunded: int, reversed_: int, fee: int) -> None:
    """Account for the refund on the share as read; when the share moved meanwhile, plan again (unless this very
    refund is what moved it)."""
    if apply(lambda u: u.payouts.apply_refund(record, refund_id=refund_id, refunded=refunded,
                                              amount_reversed=reversed_, fee_refunded=fee),
             refused=lambda exc: bool(exc.failed("payout"))):
        return
    if refund_id not in _share(record.order_id, record.vendor_id).refunds_applied:
        raise retry.Replan()


def _destination(order: Order, vendor_id: str, refund: dict) -> str:
    def attempt() -> str:
        record = _share(order.id, vendor_id)
        if refund["id"] in record.refunds_applied:
            return f"{vendor_id}: accounted for already"
        if not record.transfer_id:
            raise NotFound(f"vendor {vendor_id}'s transfer of order {order.id} is not known")
        reversed_, fee = stripe_connect.destination_refunded(transfer_id=record.transfer_id,
                                                             application_fee_id=record.fee_id)
        refunded = min(record.gross, record.refunded + int(refund["amount"]))
        _account(record, refund["id"], refunded=refunded, reversed_=max(reversed_, record.amount_reversed),
                 fee=max(fee, record.fee_refunded))
        return f"{vendor_id}: transfer reversed to {reversed_}, fee refunded to {fee}"

    return retry.attempt(attempt)


def _separate(order: Order, vendor_id: str, refund_id: str, gross: int, fee: int) -> str:
    def attempt() -> str:
        record = _share(order.id, vendor_id)
        if refund_id in record.refunds_applied:
            return f"{vendor_id}: accounted for already"
        reversal = gross - fee
        if reversal > 0 and record.transfer_id:
            stripe_connect.transfer_reverse(transfer_id=record.transfer_id, amount=reversal, refund_id=refund_id,
                                            vendor_id=vendor_id)
        _account(record, refund_id, refunded=record.refunded + gross, reversed_=record.amount_reversed + reversal,
                 fee=record.fee_refunded + fee)
        return f"{vendor_id}: {reversal} reversed, {fee} of the fee refunded"

    return retry.attempt(attempt)
