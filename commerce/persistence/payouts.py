"""The payout store: ORDER#<id> / VENDOR_SHARE#<vendor>, one vendor's share of one paid order (its transfer,
Quorum's fee, and what refunds took back), written once per order and vendor; GSI1 VENDOR_SHARES#<vendor> /
<created>#<order> gives a vendor's shares by time (its page's transfers and fees by month)."""
from __future__ import annotations

from typing import Optional

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce.domain.payouts import PayoutRecord
from commerce.persistence import keys
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction


class VendorShareItem(TableItem, discriminator="VendorShare"):
    order_id = UnicodeAttribute()
    vendor_id = UnicodeAttribute()
    account_id = UnicodeAttribute()
    currency = UnicodeAttribute()
    kind = UnicodeAttribute()
    gross = NumberAttribute()
    fee = NumberAttribute()
    created_at = NumberAttribute()
    transfer_id = UnicodeAttribute(null=True)
    fee_id = UnicodeAttribute(null=True)
    refunded = NumberAttribute(default=0)
    amount_reversed = NumberAttribute(default=0)
    fee_refunded = NumberAttribute(default=0)
    refunds_applied = ListAttribute(of=UnicodeAttribute, default=list)
    version = NumberAttribute(default=1)

    def to_domain(self) -> PayoutRecord:
        return PayoutRecord(
            order_id=self.order_id, vendor_id=self.vendor_id, account_id=self.account_id, currency=self.currency,
            kind=self.kind, gross=int(self.gross), fee=int(self.fee), created_at=int(self.created_at),
            transfer_id=self.transfer_id, fee_id=self.fee_id, refunded=int(self.refunded or 0),
            amount_reversed=int(self.amount_reversed or 0), fee_refunded=int(self.fee_refunded or 0),
            refunds_applied=tuple(self.refunds_applied or ()), version=int(self.version or 1))


def _key(order_id: str, vendor_id: str) -> VendorShareItem:
    return VendorShareItem(keys.order_pk(order_id), keys.vendor_share_sk(vendor_id))


class PayoutStore:
    LABEL = "payout"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, order_id: str, vendor_id: str) -> Optional[PayoutRecord]:
        try:
            return VendorShareItem.get(keys.order_pk(order_id), keys.vendor_share_sk(vendor_id),
                                       consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def of_order(self, order_id: str) -> dict[str, PayoutRecord]:
        found = VendorShareItem.query(keys.order_pk(order_id),
                                      VendorShareItem.sk.startswith(keys.VENDOR_SHARE_PREFIX), consistent_read=True)
        return {item.vendor_id: item.to_domain() for item in found}

    def of_vendor(self, vendor_id: str, *, since: int = 0, limit: Optional[int] = None) -> list[PayoutRecord]:
        """Newest first, created at `since` or later (GSI1; no scan)."""
        query = VendorShareItem.gsi1.query(keys.vendor_shares_pk(vendor_id),
                                           VendorShareItem.gsi1sk >= keys.share_time_sk(since, ""),
                                           scan_index_forward=False, limit=limit)
        return [item.to_domain() for item in query]

    # --- intents ----------------------------------------------------------------------------------

    def add(self, record: PayoutRecord) -> None:
        """Once per order and vendor: refused when the share is recorded already."""
        self.tx.put(VendorShareItem(
            keys.order_pk(record.order_id), keys.vendor_share_sk(record.vendor_id), order_id=record.order_id,
            vendor_id=record.vendor_id, account_id=record.account_id, currency=record.currency, kind=record.kind,
            gross=record.gross, fee=record.fee, created_at=record.created_at, transfer_id=record.transfer_id,
            fee_id=record.fee_id, version=1, gsi1pk=keys.vendor_shares_pk(record.vendor_id),
            gsi1sk=keys.share_time_sk(record.created_at, record.order_id),
        ), condition=VendorShareItem.pk.does_not_exist(), label=self.LABEL)

    def apply_refund(self, record: PayoutRecord, *, refund_id: str, refunded: int, amount_reversed: int,
                     fee_refunded: int) -> None:
        """A refund accounted for once (its id is kept), against the share as read (its version)."""
        self.tx.update(_key(record.order_id, record.vendor_id), [
            VendorShareItem.refunded.set(refunded), VendorShareItem.amount_reversed.set(amount_reversed),
            VendorShareItem.fee_refunded.set(fee_refunded),
            VendorShareItem.refunds_applied.set((VendorShareItem.refunds_applied | []).append([refund_id])),
            VendorShareItem.version.add(1)],
            condition=(VendorShareItem.version == record.version)
            & ~VendorShareItem.refunds_applied.contains(refund_id), label=self.LABEL)
