"""The marketplace in a real browser against the running site (issue 19): staff create a vendor, follow Stripe's
hosted onboarding and come back to "charges enabled"; they put the vendor's product on sale; a shopper buys it
by card; the vendor's page shows the transfer (and the order's page the vendor's share). Screenshots go to
.devstack/screenshots (vendor-onboarded.png, vendor-transfer.png, order-vendor-share.png)."""
import re

import pytest
from playwright.sync_api import expect

from commerce.payments import stripe_gateway
from tests.e2e.test_admin import sign_in
from tests.e2e.test_card_payment import add_and_check_out
from tests.e2e.test_home import SHOTS

pytestmark = pytest.mark.e2e


def test_onboard_a_vendor_sell_its_product_and_see_the_transfer(site, page, browser):
    sign_in(site, page, "vera@quorum.test")
    page.get_by_role("link", name="Vendors").click()
    page.get_by_role("link", name="New vendor").click()
    page.get_by_label("Vendor name").fill("Hooli Extensions")
    page.get_by_label("Contact email").fill("payouts@hooli.test")
    page.get_by_label("Platform fee (%)").fill("12.5")
    page.get_by_role("button", name="Create vendor").click()
    expect(page.locator("#vendor-state")).to_have_text("Onboarding")
    expect(page.locator("#cannot-sell")).to_contain_text("cannot take charges yet")
    account_id = page.locator("#account-id").inner_text()
    assert account_id.startswith("acct_")

    page.get_by_role("button", name="Open Stripe onboarding").click()  # Stripe's hosted page (the emulator's)
    expect(page.get_by_role("heading", name="Set up payouts")).to_be_visible()
    page.get_by_label("Business name").fill("Hooli Extensions Ltd")
    page.get_by_role("button", name="Agree and submit").click()
    page.wait_for_url(re.compile(r".*/admin/vendors/[\w-]+/\?onboarding=return$"))
    expect(page.locator("#vendor-state")).to_have_text("Charges enabled")
    expect(page.locator("#charges")).to_have_text("charges enabled")
    expect(page.locator("#fee-rate")).to_have_text("12.5 %")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "vendor-onboarded.png"), full_page=True)
    vendor_url = page.url.split("?")[0]

    page.get_by_role("link", name="New product for Hooli Extensions").click()
    expect(page.get_by_label("Vendor")).to_have_value(re.compile(r".+"))
    page.get_by_label("SKU").fill("E2E-HOOLI-SYNC")
    page.get_by_label("Name").fill("Hooli CRM sync")
    page.get_by_label("Category").fill("e2e-plugins")
    page.get_by_label("Unit price").fill("80.00")
    page.get_by_label("Stock on hand").fill("20")
    page.get_by_role("button", name="Create product").click()
    expect(page.locator(".message.success")).to_contain_text("Created E2E-HOOLI-SYNC")
    expect(page.get_by_role("link", name="Hooli Extensions")).to_be_visible()

    shopper = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    shopper_errors = []
    shopper.on("pageerror", lambda exc: shopper_errors.append(str(exc)))
    add_and_check_out(site, shopper, "E2E-HOOLI-SYNC", 2)
    shopper.get_by_label("Card number").fill("4242 4242 4242 4242")
    shopper.get_by_role("button", name=re.compile("^Pay")).click()
    shopper.wait_for_url(re.compile(r".*/orders/[\w-]+/\?paid=1$"))
    order_id = re.search(r"/orders/([\w-]+)/", shopper.url).group(1)
    expect(shopper.locator("#order-status")).to_have_text("Paid", timeout=15000)

    page.goto(vendor_url)
    for _ in range(30):  # the payment's webhook makes the vendor's payout
        if page.locator("#transfers td.sku").count():
            break
        page.wait_for_timeout(500)
        page.reload()
    row = page.locator("#transfers tbody tr").first
    expect(row).to_contain_text("$160.00")  # 2 x $80.00
    expect(row).to_contain_text("$20.00")  # 12.5 % of each unit: $10.00 x 2
    expect(row).to_contain_text("Transferred")
    transfer_id = row.locator("td.sku").inner_text()
    assert transfer_id.startswith("tr_")
    transfer = stripe_gateway.client().v1.transfers.retrieve(transfer_id)
    assert transfer.destination == account_id and transfer.amount == 16000
    expect(page.locator("#months tbody tr").first).to_contain_text("$140.00")  # the vendor's net
    page.screenshot(path=str(SHOTS / "vendor-transfer.png"), full_page=True)

    row.get_by_role("link").click()
    page.wait_for_url(f"**/admin/orders/{order_id}/")
    shares = page.locator("#vendor-shares")
    expect(shares).to_contain_text("Hooli Extensions")
    expect(shares).to_contain_text("destination charge")
    expect(shares).to_contain_text(transfer_id)
    page.screenshot(path=str(SHOTS / "order-vendor-share.png"), full_page=True)
    assert page.console_errors == [] and shopper_errors == []
    shopper.context.close()
