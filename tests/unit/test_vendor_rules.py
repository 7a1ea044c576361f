"""Vendors' onboarding states, fee rates, the rule that keeps a vendor's products off sale until its account can
take charges, and the typed events derived from vendors' and payouts' committed changes."""
from __future__ import annotations

from dataclasses import replace

import pytest

from commerce.domain.catalog import Product
from commerce.domain.events import MEMBERS, STAFF
from commerce.domain.money import Money
from commerce.domain.payouts import PayoutRecord
from commerce.domain.vendor_events import VendorOnboarded, VendorTransferCreated, payout_change, vendor_change
from commerce.domain.vendors import (
    CHARGES_ENABLED,
    NO_ACCOUNT,
    ONBOARDING,
    RESTRICTED,
    AccountState,
    Vendor,
    VendorCannotSell,
    check_can_sell,
    percent,
    validate_fee_rate,
)
from commerce.errors import InvalidInput

NEW = Vendor(id="v" * 20, name="Acme Plugins", email="billing@acme.test", created_at=1)
LINKED = replace(NEW, account_id="acct_1AcmeX")
READY = replace(LINKED, account=AccountState(charges_enabled=True, payouts_enabled=True, details_submitted=True))


def test_states_follow_the_account():
    assert (NEW.state, LINKED.state, READY.state) == (NO_ACCOUNT, ONBOARDING, CHARGES_ENABLED)
    restricted = replace(LINKED, account=AccountState(details_submitted=True, disabled_reason="requirements.past_due"))
    assert restricted.state == RESTRICTED and restricted.state_label == "Restricted"
    assert READY.state_label == "Charges enabled" and READY.can_take_charges
    with pytest.raises(VendorCannotSell, match="has not finished Stripe's onboarding") as refused:
        check_can_sell(LINKED)
    assert refused.value.status == 409 and refused.value.code == "vendor_cannot_take_charges"
    with pytest.raises(VendorCannotSell, match=r"restricted its account \(requirements.past_due\)"):
        check_can_sell(restricted)
    with pytest.raises(VendorCannotSell, match="no Stripe account yet"):
        check_can_sell(NEW)
    check_can_sell(READY)


def test_fee_rates_are_basis_points_with_a_default():
    assert NEW.fee_rate(1000) == 1000 and replace(NEW, fee_rate_bps=1250).fee_rate(1000) == 1250
    assert replace(NEW, fee_rate_bps=0).fee_rate(1000) == 0
    assert (percent(1250), percent(1000), percent(5), percent(0)) == ("12.5 %", "10 %", "0.05 %", "0 %")
    for bad in (-1, 5001, 12.5, True, "10"):
        with pytest.raises(InvalidInput):
            validate_fee_rate(bad)
    with pytest.raises(InvalidInput):
        replace(NEW, fee_rate_bps=9000)


def test_vendor_records_are_validated():
    with pytest.raises(InvalidInput):
        replace(NEW, email="not an email")
    with pytest.raises(InvalidInput):
        replace(NEW, name=" ")
    with pytest.raises(InvalidInput):
        replace(NEW, account_id="cus_123")


def test_a_vendors_product_is_sold_once():
    with pytest.raises(InvalidInput, match="sold once"):
        Product(sku="P", name="P", category="plugins", unit_price=Money(100, "usd"), vendor_id="v1",
                recurring_interval="month")


def test_onboarded_once_when_charges_become_enabled():
    event = vendor_change(LINKED, READY)
    assert isinstance(event, VendorOnboarded) and event.account_id == "acct_1AcmeX"
    assert event.as_payload(MEMBERS) == {"vendor_id": NEW.id, "name": "Acme Plugins"}
    assert vendor_change(READY, replace(READY, name="Acme")) is None  # already onboarded
    assert vendor_change(None, NEW) is None and vendor_change(READY, None) is None


def test_payout_events_from_share_changes():
    share = PayoutRecord(order_id="o1", vendor_id="v1", account_id="acct_1", currency="usd", kind="separate",
                         gross=10000, fee=1000, created_at=5, transfer_id="tr_1")
    created = payout_change(None, share)
    assert isinstance(created, VendorTransferCreated) and created.as_payload(MEMBERS) == {"order_id": "o1",
                                                                                         "vendor_id": "v1"}
    assert created.as_payload(STAFF)["fee"] == 1000 and share.transferred == 9000
    reversed_ = payout_change(share, replace(share, refunded=10000, amount_reversed=9000, fee_refunded=1000))
    assert reversed_ is not None and reversed_.TYPE == "vendor.transfer_reversed"
    assert reversed_.as_payload(STAFF)["fully_reversed"] is True
    assert payout_change(share, replace(share, version=2)) is None
    assert replace(share, kind="destination").transferred == 10000
