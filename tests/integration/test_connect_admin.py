"""The admin's vendor pages over HTTP (Django's test client, the real local services): admin staff only, a vendor
created with its Express account, Stripe's onboarding followed back to the vendor page, the fee rate pinned to
the version seen and audited, the clear refusal of a product on sale for a vendor that cannot take charges,
(the order page's vendor shares and a refund of one vendor's line: test_connect_payouts.py)."""
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse

from commerce.persistence.uow import unit_of_work
from commerce.services import vendors
from commerce.services.audit import audit_list
from tests.connect_helpers import connect_webhooks, follow  # noqa: F401
from tests.integration.ops_helpers import signed_in


@pytest.fixture(autouse=True)
def receive(webhooks, connect_webhooks, table):  # noqa: F811
    yield
    webhooks.settle()
    connect_webhooks.settle()


def html(response) -> str:
    return response.content.decode()


def test_create_onboard_and_price_a_vendor_from_the_admin():
    sales = signed_in("sam@quorum.test", "sales")  # vendor pages are for admin staff
    assert sales.get(reverse("ops:vendors")).status_code == 403
    assert sales.post(reverse("ops:vendor_new"), {"name": "X", "email": "x@x.test"}).status_code == 403
    anonymous = Client().get(reverse("ops:vendors"))
    assert anonymous.status_code == 302 and reverse("ops:login") in anonymous["Location"]
    admin = signed_in("ada@quorum.test", "admin")
    created = admin.post(reverse("ops:vendor_new"), {"name": "Acme Plugins", "email": "Billing@Acme.test",
                                                     "fee_rate": "12.5"})
    assert created.status_code == 302
    vendor_id = created["Location"].rstrip("/").rsplit("/", 1)[1]
    vendor = vendors.vendor_get(vendor_id=vendor_id)
    assert vendor.account_id and vendor.fee_rate_bps == 1250 and vendor.email == "billing@acme.test"
    page = html(admin.get(created["Location"]))
    assert "Onboarding" in page and "cannot take charges yet" in page and vendor.account_id in page
    assert "12.5 %" in page

    # a product of it cannot go on sale yet: a clear message, nothing written
    refused = admin.post(reverse("ops:product_new"), {"sku": "ACME-1", "name": "Acme sync", "category": "plugins",
                                                      "price": "49.99", "currency": "usd", "on_hand": "10",
                                                      "vendor": vendor_id, "on_sale": "on"})
    assert refused.status_code == 409 and "Acme Plugins cannot take charges yet" in html(refused)
    assert unit_of_work().products.get("ACME-1") is None
    off_sale = admin.post(reverse("ops:product_new"), {"sku": "ACME-1", "name": "Acme sync", "category": "plugins",
                                                       "price": "49.99", "currency": "usd", "on_hand": "10",
                                                       "vendor": vendor_id})
    assert off_sale.status_code == 302
    product_page = html(admin.get(reverse("ops:product", args=["ACME-1"])))
    assert "stays off sale until its Stripe onboarding is complete" in product_page
    back_on = admin.post(reverse("ops:product_active", args=["ACME-1"]), {"active": "1", "version": "1"}, follow=True)
    assert "cannot take charges yet" in html(back_on) and not unit_of_work().products.get("ACME-1")[0].active

    # Stripe's hosted onboarding, and back to the vendor page, which reads the account at once
    to_stripe = admin.post(reverse("ops:vendor_onboarding", args=[vendor_id]))
    assert to_stripe.status_code == 302 and "/connect/onboarding/" in to_stripe["Location"]
    status, back = follow(to_stripe["Location"], {"action": "complete"})
    assert status == 303 and urlparse(back).path == reverse("ops:vendor", args=[vendor_id])
    returned = html(admin.get(back))
    assert "Charges enabled" in returned and "charges enabled" in returned and "cannot take charges" not in returned
    assert admin.post(reverse("ops:product_active", args=["ACME-1"]), {"active": "1", "version": "1"}).status_code \
        == 302 and unit_of_work().products.get("ACME-1")[0].active
    assert "Acme sync" in html(admin.get(reverse("ops:vendor", args=[vendor_id])))

    # the fee rate, pinned to the version seen
    version = vendors.vendor_get(vendor_id=vendor_id).version
    saved = admin.post(reverse("ops:vendor", args=[vendor_id]), {"fee_rate": "8", "version": str(version)})
    assert saved.status_code == 302 and vendors.vendor_get(vendor_id=vendor_id).fee_rate_bps == 800
    stale = admin.post(reverse("ops:vendor", args=[vendor_id]), {"fee_rate": "9", "version": str(version)})
    assert stale.status_code == 409 and "changed" in html(stale)
    assert admin.post(reverse("ops:vendor", args=[vendor_id]), {"fee_rate": "75", "version": "9"}).status_code == 400
    actions = [e.action for e in audit_list(target_type="vendor", target_id=vendor_id).items]
    assert {"vendor.create", "vendor.account_create", "vendor.onboarding_link", "vendor.fee_rate"} <= set(actions)
    listing = html(admin.get(reverse("ops:vendors")))
    assert "Acme Plugins" in listing and "Charges enabled" in listing and "8 %" in listing
