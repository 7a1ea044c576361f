"""Vendors' events, derived from committed changes of their items (the table's stream is their outbox, as for
orders): a vendor's account became able to take charges, a transfer to a vendor was made, a transfer was
reversed (in part or whole). Pure Python.

Audiences: a committee member may learn which vendor supplies its order's lines and that it was paid;
what the vendor was paid, Quorum's fee and Stripe's ids are Quorum's own business (STAFF).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Optional

from commerce.domain.events import MEMBERS, STAFF, Event, seen_by
from commerce.domain.payouts import PayoutRecord
from commerce.domain.vendors import Vendor

SOURCE = "quorum.commerce"


@dataclass(frozen=True)
class VendorOnboarded(Event):
    """A vendor's Stripe account can take charges: its products may go on sale."""

    SOURCE: ClassVar[str] = SOURCE
    TYPE = "vendor.onboarded"
    LABEL = "vendor onboarded"
    DETAIL_TYPE = "Vendor Onboarded"
    vendor_id: str = seen_by(MEMBERS)
    name: str = seen_by(MEMBERS)
    account_id: str = seen_by(STAFF, default="")
    payouts_enabled: bool = seen_by(STAFF, default=False)

    def summary(self) -> str:
        return f"{self.name} can take charges"


@dataclass(frozen=True)
class VendorTransferCreated(Event):
    """A vendor was paid its share of an order: a destination charge's transfer, or a separate transfer."""

    SOURCE: ClassVar[str] = SOURCE
    TYPE = "vendor.transfer_created"
    LABEL = "vendor paid"
    DETAIL_TYPE = "Vendor Transfer Created"
    order_id: str = seen_by(MEMBERS)
    vendor_id: str = seen_by(MEMBERS)
    currency: str = seen_by(STAFF, default="usd")
    gross: int = seen_by(STAFF, default=0)  # what the vendor's lines sold for, minor units
    fee: int = seen_by(STAFF, default=0)  # Quorum's platform fee on them
    kind: str = seen_by(STAFF, default="")  # destination | separate
    transfer_id: Optional[str] = seen_by(STAFF, default=None)
    account_id: str = seen_by(STAFF, default="")


@dataclass(frozen=True)
class VendorTransferReversed(Event):
    """Part or all of a vendor's transfer was taken back after a refund of its lines (amounts cumulative)."""

    SOURCE: ClassVar[str] = SOURCE
    TYPE = "vendor.transfer_reversed"
    LABEL = "vendor transfer reversed"
    DETAIL_TYPE = "Vendor Transfer Reversed"
    order_id: str = seen_by(MEMBERS)
    vendor_id: str = seen_by(MEMBERS)
    currency: str = seen_by(STAFF, default="usd")
    refunded: int = seen_by(STAFF, default=0)  # of the vendor's lines, so far
    amount_reversed: int = seen_by(STAFF, default=0)  # of the transfer, so far
    fee_refunded: int = seen_by(STAFF, default=0)  # of Quorum's fee, so far
    fully_reversed: bool = seen_by(STAFF, default=False)
    transfer_id: Optional[str] = seen_by(STAFF, default=None)


def vendor_change(old: Optional[Vendor], new: Optional[Vendor]) -> Optional[VendorOnboarded]:
    """The event a vendor's committed change makes: able to take charges now and not before."""
    if new is None or not new.can_take_charges or (old is not None and old.can_take_charges):
        return None
    return VendorOnboarded(vendor_id=new.id, name=new.name, account_id=new.account_id or "",
                           payouts_enabled=new.account.payouts_enabled)


def payout_change(old: Optional[PayoutRecord], new: Optional[PayoutRecord]) -> Optional[Event]:
    """The event a vendor share's committed change makes: created, or reversed further."""
    if new is None:
        return None
    if old is None:
        return VendorTransferCreated(order_id=new.order_id, vendor_id=new.vendor_id, currency=new.currency,
                                     gross=new.gross, fee=new.fee, kind=new.kind, transfer_id=new.transfer_id,
                                     account_id=new.account_id)
    if new.refunded > old.refunded or new.amount_reversed > old.amount_reversed:
        return VendorTransferReversed(order_id=new.order_id, vendor_id=new.vendor_id, currency=new.currency,
                                      refunded=new.refunded, amount_reversed=new.amount_reversed,
                                      fee_refunded=new.fee_refunded, fully_reversed=new.state == "reversed",
                                      transfer_id=new.transfer_id)
    return None
