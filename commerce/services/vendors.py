"""Staff writes on vendors: create one (then its Express account at Stripe), open its onboarding, set its fee
rate; and recording what Stripe says of its account (webhooks and the return from onboarding). Every staff
write is audited; the account is created as a saga with recovery (docs/data-model.md)."""
from __future__ import annotations

import logging
from typing import Optional

from commerce import clock, ids
from commerce.domain.vendors import Vendor, is_account_id, percent, validate_fee_rate
from commerce.errors import Conflict, InvalidInput, NotFound
from commerce.payments import stripe_connect
from commerce.persistence.uow import UnitOfWork, apply, unit_of_work
from commerce.services.audit import audit_add, audit_record

log = logging.getLogger(__name__)


class VendorChanged(Conflict):
    code = "vendor_changed"


def vendor_get(*, vendor_id: str) -> Vendor:
    vendor = unit_of_work().vendors.get(ids.check_id(vendor_id, "vendor"))
    if vendor is None:
        raise NotFound("no such vendor")
    return vendor


def _snapshot(vendor: Vendor) -> dict:
    return {"name": vendor.name, "email": vendor.email,
            "fee_rate": percent(vendor.fee_rate_bps) if vendor.fee_rate_bps is not None else "default"}


def vendor_create(*, name: str, email: str, fee_rate_bps: Optional[int], actor: str) -> Vendor:
    """The vendor and its audit entry; its Stripe account comes next (`vendor_account_ensure`)."""
    vendor = Vendor(id=ids.new_id(), name=(name or "").strip(), email=(email or "").strip().lower(),
                    created_at=clock.now(), fee_rate_bps=fee_rate_bps)

    def build(u: UnitOfWork) -> None:
        u.vendors.add(vendor)
        audit_add(u, actor=actor, action="vendor.create", target_type="vendor", target_id=vendor.id,
                  after=_snapshot(vendor))

    apply(build)
    return vendor


def vendor_account_ensure(*, vendor_id: str, actor: str) -> Vendor:
    """Its Express account at Stripe, created once (the idempotency key is the vendor's id, so repeating this
    after a failure between Stripe and our write finds the same account)."""
    vendor = vendor_get(vendor_id=vendor_id)
    if vendor.account_id:
        return vendor
    account_id = stripe_connect.connect_account_create(vendor_id=vendor.id, name=vendor.name, email=vendor.email)

    def build(u: UnitOfWork) -> None:
        u.vendors.set_account(vendor.id, account_id=account_id)
        audit_add(u, actor=actor, action="vendor.account_create", target_type="vendor", target_id=vendor.id,
                  after={"account_id": account_id})

    if not apply(build, refused=lambda exc: bool(exc.failed("vendor"))):
        raise Conflict(f"{vendor.name} has another Stripe account recorded already")
    return vendor_get(vendor_id=vendor.id)


def vendor_onboarding_link(*, vendor_id: str, return_url: str, refresh_url: str, actor: str) -> str:
    """A fresh Stripe-hosted onboarding page for the vendor's account (single use, a few minutes)."""
    vendor = vendor_get(vendor_id=vendor_id)
    if not vendor.account_id:
        raise Conflict(f"{vendor.name} has no Stripe account yet: create it first")
    number = {}

    def build(u: UnitOfWork) -> None:
        number["of"] = u.vendors.count_link(vendor.id)

    apply(build)
    url = stripe_connect.connect_onboarding_link(account_id=vendor.account_id, vendor_id=vendor.id,
                                                 number=number["of"](), return_url=return_url,
                                                 refresh_url=refresh_url)
    audit_record(actor=actor, action="vendor.onboarding_link", target_type="vendor", target_id=vendor.id,
                 after={"link": number["of"]()})
    return url


def vendor_fee_rate_set(*, vendor_id: str, fee_rate_bps: Optional[int], expected_version: int, actor: str) -> Vendor:
    """The vendor's own platform fee rate (None: the default). Applies to orders checked out from now on."""
    vendor = vendor_get(vendor_id=vendor_id)
    if fee_rate_bps is not None:
        validate_fee_rate(fee_rate_bps)
    if fee_rate_bps == vendor.fee_rate_bps:
        raise InvalidInput("Nothing changed.")
    if vendor.version != expected_version:
        raise VendorChanged(f"Someone else changed {vendor.name} meanwhile (version {vendor.version}); review it "
                            "and try again.", version=vendor.version)

    def build(u: UnitOfWork) -> None:
        u.vendors.set_fee_rate(vendor.id, fee_rate_bps=fee_rate_bps, expected_version=expected_version)
        audit_add(u, actor=actor, action="vendor.fee_rate", target_type="vendor", target_id=vendor.id,
                  before={"fee_rate": percent(vendor.fee_rate_bps) if vendor.fee_rate_bps is not None else "default"},
                  after={"fee_rate": percent(fee_rate_bps) if fee_rate_bps is not None else "default"})

    if not apply(build, refused=lambda exc: bool(exc.failed("vendor"))):
        raise VendorChanged(f"Someone else changed {vendor.name} while you were editing; review it and try again.")
    return vendor_get(vendor_id=vendor.id)


def vendor_account_sync(*, account_id: str, vendor_id: Optional[str] = None) -> str:
    """Record what Stripe says of the account NOW (events arrive late, twice or out of order, so the event's
    snapshot is not trusted). `vendor_id`: the vendor the account belongs to (its metadata names it); an
    account of no vendor of this deployment is not asked about. A vendor that cannot take charges has any
    product still on sale taken off sale."""
    vendor = unit_of_work().vendors.get(vendor_id) if vendor_id and is_account_id(account_id) else None
    if vendor is None or vendor.account_id != account_id:
        raise NotFound(f"account {account_id} belongs to no vendor of this deployment")
    state, named = stripe_connect.connect_account_state(account_id=account_id)
    if named not in (None, vendor.id):
        raise NotFound(f"account {account_id} names another vendor ({named})")
    if not apply(lambda u: u.vendors.record_account(vendor.id, account_id=account_id, state=state, now=clock.now()),
                 refused=lambda exc: bool(exc.failed("vendor"))):
        raise NotFound(f"account {account_id} is no longer {vendor.name}'s")
    if state.charges_enabled:
        return "charges enabled"
    from commerce.services.vendor_products import vendor_products_off_sale

    count = vendor_products_off_sale(vendor_id=vendor.id)  # none on sale, normally; any that were go off now
    return f"charges not enabled ({len(state.requirements_due)} requirement(s) due); {count} product(s) taken off sale"
