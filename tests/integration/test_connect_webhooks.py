"""The Connect endpoint: verified with its own secret before anything else, stored once and processed once like
the platform's; an event there that names no connected account, or an account of no vendor here, changes
nothing; a vendor whose account cannot take charges has its products taken off sale."""
import json
import time

import pytest
from django.conf import settings
from django.test import Client

from commerce.domain.vendors import AccountState
from commerce.persistence.uow import apply, unit_of_work
from commerce.services import vendors
from devstack.stripe_emulator.webhooks import sign
from tests.connect_helpers import new_vendor, vendor_product
from tests.table import count


def post(event: dict, secret: str):
    payload = json.dumps(event).encode()
    return Client().post("/stripe/connect/webhook/", data=payload, content_type="application/json",
                         HTTP_STRIPE_SIGNATURE=sign(payload, secret))


def event(event_id: str, account: str | None, obj: dict) -> dict:
    found = {"id": event_id, "object": "event", "type": "account.updated", "created": int(time.time()),
             "data": {"object": obj}, "api_version": "2026-10-28.endive"}
    if account:
        found["account"] = account
    return found


@pytest.fixture
def secret(table):
    return settings.STRIPE_CONNECT_WEBHOOK_SECRET


def test_the_connect_endpoint_has_its_own_secret(secret, monkeypatch):
    account = {"id": "acct_1Nobody", "object": "account", "metadata": {}}
    wrong = post(event("evt_connect_wrong", "acct_1Nobody", account), settings.STRIPE_WEBHOOK_SECRET)
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_signature"
    assert count("StripeEvent") == 0
    monkeypatch.setattr(settings, "STRIPE_CONNECT_WEBHOOK_SECRET", "")
    unset = post(event("evt_connect_unset", "acct_1Nobody", account), secret)
    assert unset.status_code == 400 and "STRIPE_CONNECT_WEBHOOK_SECRET is empty" in unset.json()["detail"]


def test_events_that_are_not_about_our_vendors_change_nothing(secret):
    account = {"id": "acct_1Nobody", "object": "account", "metadata": {}}
    no_account = post(event("evt_connect_platform", None, account), secret)
    assert no_account.status_code == 200 and "names no connected account" in no_account.json()["outcome"]
    assert unit_of_work().stripe_events.get("evt_connect_platform").status == "ignored"
    for _ in range(2):  # stored once, answered 200 each time, never asked of Stripe
        stranger = post(event("evt_connect_stranger", "acct_1Nobody", account), secret)
        assert stranger.status_code == 200
    stored = unit_of_work().stripe_events.get("evt_connect_stranger")
    assert stored.status == "processed" and stored.deliveries == 2 and stored.outcome.startswith("ignored: account")


def test_a_vendor_that_cannot_take_charges_has_its_products_taken_off_sale(secret):
    vendor = new_vendor("Umbrella Tools")  # at Stripe: not onboarded
    # Quorum believed it could sell (as if onboarded before Stripe restricted it), and one product is on sale
    apply(lambda u: u.vendors.record_account(vendor.id, account_id=vendor.account_id, now=1,
                                             state=AccountState(charges_enabled=True, details_submitted=True)))
    vendor_product("UMB-1", vendor, price=1000)
    vendor_product("UMB-2", vendor, price=2000, active=False)
    account = {"id": vendor.account_id, "object": "account", "metadata": {"vendor_id": vendor.id},
               "charges_enabled": True}  # the event's snapshot is stale: Stripe is asked
    receipt = post(event("evt_connect_restricted", vendor.account_id, account), secret)
    assert receipt.status_code == 200 and "1 product(s) taken off sale" in receipt.json()["outcome"]
    assert vendors.vendor_get(vendor_id=vendor.id).state == "onboarding"
    assert not unit_of_work().products.get("UMB-1")[0].active and not unit_of_work().products.get("UMB-2")[0].active
    from commerce.services.audit import audit_list

    (entry,) = [e for e in audit_list(target_type="product", target_id="UMB-1").items
                if e.action == "product.deactivate"]
    assert entry.actor == "stripe (account.updated)"
    assert unit_of_work().vendors.products_of(vendor.id) == ["UMB-1", "UMB-2"]
