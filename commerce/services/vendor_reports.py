"""Reads for the admin's vendor pages and the order page: vendors newest first, one vendor's products and its
transfers and fees by month (the month of the sale, UTC), and each vendor's share of an order."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Optional

from django.conf import settings

from commerce import clock
from commerce.domain import payouts
from commerce.domain.catalog import Product
from commerce.domain.orders import CANCELED, EXPIRED, PENDING_PAYMENT, Order
from commerce.domain.payouts import PayoutRecord
from commerce.domain.vendors import Vendor
from commerce.persistence.uow import unit_of_work
from commerce.services.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from commerce.services.vendor_products import vendor_products
from commerce.services.vendors import vendor_get

STATE_LABELS = {"transferred": "Transferred", "partially_reversed": "Partly reversed", "reversed": "Reversed"}


def vendor_list(*, cursor: Optional[str] = None, limit: Optional[int] = None) -> Page[Vendor]:
    items, last = unit_of_work().vendors.newest(start=decode_cursor(cursor), limit=clamp_limit(limit, default=25))
    return Page(items=items, next_cursor=encode_cursor(last))


@dataclass(frozen=True)
class Month:
    month: str  # "2026-11"
    currency: str
    orders: int = 0
    gross: int = 0  # what the vendor's lines sold for
    fee: int = 0  # Quorum's platform fee on them
    refunded: int = 0  # of those sales, refunded since
    reversed: int = 0  # taken back from the vendor's transfers
    fee_refunded: int = 0  # of Quorum's fee, given back with the refunds

    @property
    def net(self) -> int:
        """What the vendor keeps: its sales less refunds, less Quorum's fee less the fee given back."""
        return (self.gross - self.refunded) - (self.fee - self.fee_refunded)


def months_of(records: list[PayoutRecord]) -> list[Month]:
    """Newest month first; one row per month and currency."""
    rows: dict[tuple[str, str], Month] = {}
    for r in records:
        key = (datetime.fromtimestamp(r.created_at, tz=UTC).strftime("%Y-%m"), r.currency)
        m = rows.get(key, Month(month=key[0], currency=r.currency))
        rows[key] = Month(month=m.month, currency=m.currency, orders=m.orders + 1, gross=m.gross + r.gross,
                          fee=m.fee + r.fee, refunded=m.refunded + r.refunded,
                          reversed=m.reversed + r.amount_reversed, fee_refunded=m.fee_refunded + r.fee_refunded)
    return [rows[key] for key in sorted(rows, reverse=True)]


def _months_back(count: int) -> int:
    now = datetime.fromtimestamp(clock.now(), tz=UTC)
    year, month = divmod(now.year * 12 + now.month - 1 - (count - 1), 12)
    return int(datetime(year, month + 1, 1, tzinfo=UTC).timestamp())


@dataclass(frozen=True)
class VendorOverview:
    vendor: Vendor
    default_fee_rate_bps: int
    products: list[Product]
    months: list[Month]
    recent: list[PayoutRecord]


def vendor_overview(*, vendor_id: str, months: int = 12) -> VendorOverview:
    vendor = vendor_get(vendor_id=vendor_id)
    records = unit_of_work().payouts.of_vendor(vendor.id, since=_months_back(months))
    return VendorOverview(vendor=vendor, default_fee_rate_bps=settings.CONNECT_DEFAULT_FEE_RATE_BPS,
                          products=vendor_products(vendor_id=vendor.id), months=months_of(records),
                          recent=records[:20])


@dataclass(frozen=True)
class ShareView:
    vendor_id: str
    name: str
    account_id: str
    fee_rate_bps: int
    gross: int
    fee: int
    kind: str
    state: str  # for people
    record: Optional[PayoutRecord]

    @property
    def net(self) -> int:
        return self.gross - self.fee


def order_vendor_shares(*, order: Order) -> list[ShareView]:
    """Each vendor's share of the order, Quorum's fee and where its transfer stands."""
    kind = payouts.charge_kind(order)
    if kind == payouts.PLATFORM:
        return []
    recorded = unit_of_work().payouts.of_order(order.id)
    views = []
    for share in payouts.shares(order):
        payee = payouts.payee_of(order, share.vendor_id)
        record = recorded.get(share.vendor_id)
        if record is not None:
            state = STATE_LABELS[record.state]
        elif order.status == PENDING_PAYMENT:
            state = "Awaiting payment"
        elif order.status in (CANCELED, EXPIRED):
            state = "Not due (order not paid)"
        else:
            state = "Pending (made when Stripe confirms the payment)"
        views.append(ShareView(vendor_id=share.vendor_id, name=payee.name or share.vendor_id,
                               account_id=share.account_id, fee_rate_bps=payee.fee_rate_bps, gross=share.gross,
                               fee=share.fee, kind=kind, state=state, record=record))
    return views
