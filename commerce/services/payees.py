"""Vendors' terms on an order, fixed at checkout: each vendor of its lines, its connected account and the fee
rate then in force (its own, or CONNECT_DEFAULT_FEE_RATE_BPS). Later changes never alter a sale."""
from __future__ import annotations

from django.conf import settings

from commerce.domain.orders import Payee
from commerce.errors import InvalidInput
from commerce.persistence.uow import UnitOfWork


def payees_at_checkout(u: UnitOfWork, vendor_ids: set[str], *, names: dict[str, str]) -> tuple[Payee, ...]:
    """`names`: vendor id -> a product of it in the cart (for the message when it cannot be bought now)."""
    if not vendor_ids:
        return ()
    vendors = u.vendors.get_many(sorted(vendor_ids))
    payees = []
    for vendor_id in sorted(vendor_ids):
        vendor = vendors.get(vendor_id)
        if vendor is None or not vendor.can_take_charges or not vendor.account_id:
            raise InvalidInput(f"{names.get(vendor_id, 'A product')} cannot be bought right now (its vendor cannot "
                               "take payments): remove it from the cart to check out", vendor_id=vendor_id)
        payees.append(Payee(vendor_id=vendor.id, account_id=vendor.account_id, name=vendor.name,
                            fee_rate_bps=vendor.fee_rate(settings.CONNECT_DEFAULT_FEE_RATE_BPS)))
    return tuple(payees)
