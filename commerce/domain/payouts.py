"""How an order's money is split between Quorum and its vendors, in integer minor units. Pure Python.

The rounding rule (the one place it is written):
- a line's platform fee is its UNIT fee times its quantity; the unit fee is unit price x rate / 10,000,
  rounded half up to a whole minor unit (unit fee = floor((2 x price x rate + 10,000) / 20,000));
- a vendor's fee on an order is the sum of its lines' fees; its net is its gross minus that fee.
Per unit, so a refund of some units gives back exactly their fee, whatever was refunded before, and any
sequence of refunds of a vendor's whole share gives back exactly its whole fee.

How the order is paid (`charge_kind`):
- every line belongs to one vendor: a DESTINATION charge (`transfer_data[destination]` + the fee as
  `application_fee_amount`); Stripe transfers the whole amount and collects the fee back;
- lines of several vendors, or of vendors and Quorum: a SEPARATE charge, then one Transfer per vendor of its
  net after payment (`transfer_group` = the order), each idempotent per order and vendor;
- no vendor line: a PLATFORM charge, as before Connect.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional

from commerce.domain.orders import Order, OrderLine, Payee
from commerce.domain.vendors import BPS
from commerce.errors import InvalidInput

DESTINATION, SEPARATE, PLATFORM = "destination", "separate", "platform"


def unit_fee(unit_amount: int, rate_bps: int) -> int:
    """unit_amount x rate_bps / 10,000, rounded half up (exact integer arithmetic)."""
    return (2 * unit_amount * rate_bps + BPS) // (2 * BPS)


def line_fee(line: OrderLine, rate_bps: int) -> int:
    return unit_fee(line.unit_price.amount, rate_bps) * line.quantity


def proportional(part: int, whole: int, amount: int) -> int:
    """amount x part / whole, rounded half up: Stripe's rule for what a partial refund of a destination charge
    reverses of its transfer and refunds of its application fee."""
    return (2 * amount * part + whole) // (2 * whole) if whole else 0


def transfer_group(order_id: str) -> str:
    return f"order_{order_id}"


@dataclass(frozen=True)
class Share:
    """One vendor's part of an order: what its lines sold for (gross) and the platform fee kept."""

    vendor_id: str
    account_id: str
    currency: str
    gross: int
    fee: int

    @property
    def net(self) -> int:
        return self.gross - self.fee


def payee_of(order: Order, vendor_id: str) -> Payee:
    for payee in order.payees:
        if payee.vendor_id == vendor_id:
            return payee
    raise InvalidInput(f"order {order.id} has no payee terms for vendor {vendor_id}")


def shares(order: Order) -> tuple[Share, ...]:
    """Each vendor's share, in the order its payee terms were recorded."""
    found = []
    for payee in order.payees:
        lines = [line for line in order.lines if line.vendor_id == payee.vendor_id]
        found.append(Share(vendor_id=payee.vendor_id, account_id=payee.account_id, currency=order.currency,
                           gross=sum(line.line_total.amount for line in lines),
                           fee=sum(line_fee(line, payee.fee_rate_bps) for line in lines)))
    return tuple(found)


def charge_kind(order: Order) -> str:
    vendors = {line.vendor_id for line in order.lines}
    if vendors == {None} or not vendors:
        return PLATFORM
    return DESTINATION if len(vendors) == 1 else SEPARATE


def check_payable(order: Order) -> None:
    """Vendors' lines are paid once: an order that holds them cannot also start a subscription, and every
    vendor line needs its payee terms."""
    vendor_ids = {line.vendor_id for line in order.lines if line.vendor_id}
    if vendor_ids and order.recurring:
        raise InvalidInput("vendors' products and subscriptions are checked out separately: remove one of them "
                           "from the cart")
    missing = vendor_ids - {payee.vendor_id for payee in order.payees}
    if missing:
        raise InvalidInput(f"no payee terms for vendor(s) {', '.join(sorted(missing))}")


@dataclass(frozen=True)
class PayoutRecord:
    """A vendor's share of one order as recorded after payment (the VendorShare item's domain form)."""

    order_id: str
    vendor_id: str
    account_id: str
    currency: str
    kind: str
    gross: int
    fee: int
    created_at: int
    transfer_id: Optional[str] = None
    fee_id: Optional[str] = None  # a destination charge's Application Fee
    refunded: int = 0
    amount_reversed: int = 0
    fee_refunded: int = 0
    refunds_applied: tuple[str, ...] = ()  # Stripe refund ids already accounted for
    version: int = 1

    @property
    def transferred(self) -> int:
        """What the transfer carried: the whole amount for a destination charge (Stripe then collects the fee
        back as an Application Fee), the vendor's net for a separate transfer."""
        return self.gross if self.kind == DESTINATION else self.gross - self.fee

    @property
    def state(self) -> str:
        if self.refunded >= self.gross and self.gross:
            return "reversed"
        return "partially_reversed" if self.refunded else "transferred"


# --- refunds ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refunded:
    """What was already refunded of one vendor's share (gross) and of its fee."""

    gross: int = 0
    fee: int = 0


@dataclass(frozen=True)
class VendorRefund:
    vendor_id: str
    gross: int  # what the buyer gets back for this vendor's lines
    fee: int  # the part of it Quorum gives back from its fee

    @property
    def reversal(self) -> int:
        """What is taken back from the vendor's transfer."""
        return self.gross - self.fee


@dataclass(frozen=True)
class RefundPlan:
    amount: int
    vendors: tuple[VendorRefund, ...]


def refund_of_lines(order: Order, lines: Mapping[str, int], refunded: Mapping[str, Refunded]) -> RefundPlan:
    """A refund of some units of some lines: each vendor gets back its units' price minus their fee."""
    by_sku = {line.sku: line for line in order.lines}
    amount, per_vendor = 0, dict[str, tuple[int, int]]()
    for sku, quantity in lines.items():
        line = by_sku.get(sku)
        if line is None or isinstance(quantity, bool) or not isinstance(quantity, int) \
                or not 0 < quantity <= line.quantity:
            raise InvalidInput(f"cannot refund {quantity} of {sku}")
        amount += line.unit_price.amount * quantity
        if line.vendor_id:
            gross, fee = per_vendor.get(line.vendor_id, (0, 0))
            rate = payee_of(order, line.vendor_id).fee_rate_bps
            per_vendor[line.vendor_id] = (gross + line.unit_price.amount * quantity,
                                          fee + unit_fee(line.unit_price.amount, rate) * quantity)
    plan = []
    for share in shares(order):
        if share.vendor_id not in per_vendor:
            continue
        gross, fee = per_vendor[share.vendor_id]
        done = refunded.get(share.vendor_id, Refunded())
        if gross > share.gross - done.gross:
            raise InvalidInput(f"only {share.gross - done.gross} (minor units) of vendor {share.vendor_id}'s lines "
                               f"are left to refund, not {gross}")
        plan.append(VendorRefund(share.vendor_id, gross=gross, fee=min(fee, share.fee - done.fee)))
    return RefundPlan(amount=amount, vendors=tuple(plan))


def refund_of_rest(order: Order, refundable: int, refunded: Mapping[str, Refunded]) -> RefundPlan:
    """A refund of everything still refundable: each vendor gets back the rest of its share and of its fee."""
    plan = []
    for share in shares(order):
        done = refunded.get(share.vendor_id, Refunded())
        if share.gross > done.gross:
            plan.append(VendorRefund(share.vendor_id, gross=share.gross - done.gross, fee=share.fee - done.fee))
    if sum(part.gross for part in plan) > refundable:
        raise InvalidInput("an earlier refund of this order is still being recorded; try again in a minute")
    return RefundPlan(amount=refundable, vendors=tuple(plan))
