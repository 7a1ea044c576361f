"""The whole deal-room flow in real browsers: staff creates the deal, three members join by link, two edit
the quote, the required roles approve, an edit clears the approvals, they approve again, and the economic
buyer pays by card on Stripe's (the emulator's) hosted page."""
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests import factories
from tests.e2e.test_home import SHOTS

pytestmark = pytest.mark.e2e
COMMITTEE = [("erin@acme.test", "economic_buyer", "Erin"), ("tom@acme.test", "technical_buyer", "Tom"),
             ("lee@acme.test", "legal", "Lee")]


@pytest.fixture
def deal(site):
    site.bind()
    factories.product("E2E-DEAL-SEAT", name="Workspace seat", category="e2e-deal", price=10000, stock=500)
    factories.product("E2E-DEAL-DOCK", name="Meeting dock", category="e2e-deal", price=30000, stock=20)
    out = StringIO()
    call_command("deal_create", "--name", "Acme Corp", "--discount", "10", "--base-url", site.url,
                 *[arg for email, role, name in COMMITTEE for arg in ("--member", f"{email}:{role}:{name}")],
                 stdout=out)
    return json.loads(out.getvalue())


def member_page(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.goto(url)  # the invitation names the deal and the role; joining is a deliberate click
    page.click("#join")
    page.wait_for_url(re.compile(r".*/deals/[\w-]+/$"))
    return page


def set_quantity(page, name, quantity):
    field = page.get_by_label(f"Quantity of {name}")
    field.fill(str(quantity))
    expect(page.locator("#quote-notice")).to_have_text("Saved.")


def test_committee_edits_approves_and_pays(site, deal, browser):
    erin, tom, lee = (member_page(browser, deal["invites"][email]) for email, _, _ in COMMITTEE)
    expect(erin.get_by_role("heading", name="Acme Corp")).to_be_visible()
    expect(erin.locator("#members li")).to_have_count(3)

    tom.select_option("#add-sku", label="Workspace seat")
    tom.locator("#add-qty").fill("20")
    tom.get_by_role("button", name="Add to quote").click()
    expect(tom.locator("#quote-notice")).to_have_text("Saved.")
    lee.select_option("#add-sku", label="Meeting dock")
    lee.locator("#add-qty").fill("2")
    lee.get_by_role("button", name="Add to quote").click()
    expect(lee.locator("#quote-notice")).to_have_text("Saved.")
    # both edits reach Erin live; she sees prices (economic buyer), Tom does not (technical buyer)
    expect(erin.locator("#quote-total")).to_have_text("$2,340.00", timeout=5000)  # 20 x $90 + 2 x $270
    expect(tom.locator("#quote-table tbody tr")).to_have_count(2, timeout=5000)
    assert tom.locator("#quote-total").count() == 0 and "$" not in tom.locator("#quote-table").inner_text()

    for page in (erin, tom, lee):
        page.get_by_role("button", name=re.compile(r"^Approve version")).click()
    expect(erin.get_by_role("button", name="Pay by card")).to_be_visible(timeout=5000)

    set_quantity(tom, "Workspace seat", 25)  # any change clears the approvals
    expect(erin.get_by_role("button", name="Pay by card")).to_have_count(0, timeout=5000)
    expect(erin.locator("#approvals li.ok")).to_have_count(0)
    expect(erin.locator("#quote-total")).to_have_text("$2,790.00", timeout=5000)
    for page in (erin, tom, lee):
        page.get_by_role("button", name=re.compile(r"^Approve version")).click(timeout=5000)
    expect(erin.locator("#approvals li.ok")).to_have_count(3, timeout=5000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    erin.screenshot(path=str(SHOTS / "deal-room.png"), full_page=True)

    erin.get_by_role("button", name="Pay by card").click()
    erin.wait_for_url(re.compile(r".*/pay/cs_test_\w+$"))
    assert "2,790.00 USD" in erin.locator(".amount").inner_text()
    erin.get_by_label("Card number").fill("4242 4242 4242 4242")
    erin.get_by_role("button", name=re.compile("^Pay")).click()
    erin.wait_for_url(re.compile(r".*/deals/[\w-]+/\?paid=1$"))
    expect(erin.locator("#order-line")).to_have_text("Order paid", timeout=15000)
    expect(tom.locator("#order-line")).to_have_text("Order paid", timeout=15000)
    for page in (erin, tom, lee):
        assert page.console_errors == []
        page.context.close()
