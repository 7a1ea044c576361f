"""Sales ops in the admin, in a real browser against the running site: stock with a reason into the audit
log, a partial refund confirmed by Stripe's webhook, a deal with an invitation link copied, a failed
Stripe event replayed. Screenshots of the dashboard and the deal page go to .devstack/screenshots."""
import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from commerce.services.staff import staff_create
from tests import factories
from tests.e2e.test_card_payment import add_and_check_out
from tests.e2e.test_home import SHOTS

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery staple"


def sign_in(site, page, email: str, role: str = "admin") -> None:
    site.bind()
    staff_create(email=email, role=role, password=PASSWORD, name=email.split("@")[0].title())
    page.goto(f"{site.url}/admin/")
    page.wait_for_url("**/admin/login/?next=*")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site.url}/admin/")


def test_adjust_stock_with_a_reason_and_find_it_in_the_audit_log(site, page):
    sign_in(site, page, "olivia@quorum.test")
    factories.product("E2E-OPS-DESK", name="Standing desk", category="e2e-ops", price=45000, stock=12)
    page.get_by_role("link", name="Products").click()
    page.get_by_label("Search").fill("E2E-OPS-DESK")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("link", name="Standing desk").click()
    expect(page.locator("#on-hand")).to_have_text("12")
    page.get_by_label("Change (units)").fill("-3")
    page.get_by_label("Reason").fill("Cycle count: 3 damaged in the warehouse")
    page.get_by_role("button", name="Adjust stock").click()
    expect(page.locator(".message.success")).to_contain_text("Stock of E2E-OPS-DESK is now 9 on hand")
    expect(page.locator("#on-hand")).to_have_text("9")

    page.get_by_role("link", name="Audit log").click()
    row = page.locator("table.audit tbody tr").filter(has_text="E2E-OPS-DESK").first
    expect(row).to_contain_text("stock.adjust")
    expect(row).to_contain_text("olivia@quorum.test")
    expect(row).to_contain_text("Cycle count: 3 damaged in the warehouse")
    expect(row).to_contain_text("on hand: 12 → 9")
    assert page.console_errors == []


def test_partial_refund_becomes_partially_refunded_after_the_webhook(site, page, browser):
    site.bind()
    factories.product("E2E-OPS-CHAIR", name="Task chair", category="e2e-ops", price=20000, stock=10)
    add_and_check_out(site, page, "E2E-OPS-CHAIR", 2)  # a shopper pays $400 by card
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name=re.compile("^Pay")).click()
    page.wait_for_url(re.compile(r".*/orders/[\w-]+/\?paid=1$"))
    order_id = re.search(r"/orders/([\w-]+)/", page.url).group(1)
    expect(page.locator("#order-status")).to_have_text("Paid", timeout=15000)

    staff_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(site, staff_page, "rita@quorum.test")
    staff_page.goto(f"{site.url}/admin/orders/?status=paid")
    staff_page.locator(f'a[href="/admin/orders/{order_id}/"]').click()
    expect(staff_page.locator("#order-status")).to_have_text("Paid")
    staff_page.get_by_label("Amount").fill("150.00")
    staff_page.get_by_role("button", name="Refund").click()
    expect(staff_page.locator(".message.success")).to_contain_text("requested from Stripe")
    for _ in range(30):  # the emulator's charge.refunded webhook reaches the site
        if staff_page.locator("#order-status").inner_text() == "Partially refunded":
            break
        staff_page.wait_for_timeout(500)
        staff_page.reload()
    expect(staff_page.locator("#order-status")).to_have_text("Partially refunded")
    expect(staff_page.locator("#amount-refunded")).to_have_text("$150.00")
    expect(staff_page.locator("table.lines").filter(has_text="charge.refunded")).to_be_visible()
    expect(staff_page.locator("table.audit")).to_contain_text("order.refund")
    staff_page.context.close()


def test_create_a_deal_invite_a_member_and_copy_the_link(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page = context.new_page()
    sign_in(site, page, "sam@quorum.test", role="sales")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.get_by_role("link", name="Deals", exact=True).click()
    page.get_by_role("link", name="New deal").click()
    page.get_by_label("Account name").fill("Contoso Freight")
    page.get_by_label("Expected value").fill("64000")
    page.get_by_label("Tier discount (%)").fill("12.5")
    page.get_by_label("Metrics").fill("Halve dispatch planning time")
    page.get_by_role("button", name="Create deal").click()
    page.wait_for_url(re.compile(rf"{site.url}/admin/deals/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text("Contoso Freight")

    page.get_by_label("Email", exact=True).fill("chris@contoso.test")
    page.get_by_label("Name", exact=True).fill("Chris Okafor")
    page.get_by_label("Role", exact=True).select_option("champion")
    page.get_by_role("button", name="Create invitation link").click()
    link = page.locator("#invite-link").input_value()
    assert re.fullmatch(rf"{re.escape(site.url)}/deals/join/[\w:.-]+/", link), link
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    expect(page.locator("#health-score")).to_be_visible()
    page.screenshot(path=str(SHOTS / "admin-deal.png"), full_page=True)

    member = browser.new_context().new_page()  # the invitee opens the copied link
    member.goto(link)
    expect(member.locator("h1")).to_contain_text("Join the Contoso Freight deal room")
    member.get_by_role("button", name="Join as Chris Okafor").click()
    member.wait_for_url(re.compile(r".*/deals/[\w-]+/$"))
    expect(member.locator("h1")).to_contain_text("Contoso Freight")
    member.context.close()
    page.reload()
    expect(page.locator("#committee")).to_contain_text("chris@contoso.test")
    assert errors == []
    context.close()


def test_replay_a_failed_stripe_event(site, page, monkeypatch):
    """The event failed at first delivery (here: its handler raised in the test process, as an outage
    would); staff replay it from the admin and the site's real handler processes it."""
    from django.conf import settings

    from commerce.payments import handlers, webhooks
    from commerce.services import carts, checkout, selectors
    from devstack.stripe_emulator.webhooks import sign

    site.bind()
    factories.product("E2E-OPS-LAMP", name="Desk lamp", category="e2e-ops", price=3000, stock=5)
    cart = carts.cart_create()
    carts.cart_line_set(cart_id=cart.id, sku="E2E-OPS-LAMP", quantity=2)
    order = checkout.checkout_start(cart_id=cart.id)
    event = {"id": f"evt_e2e_{uuid.uuid4().hex[:16]}", "object": "event", "type": "checkout.session.completed",
             "api_version": "2026-10-28.endive", "created": 1790000000, "livemode": False,
             "data": {"object": {"id": f"cs_test_{uuid.uuid4().hex[:12]}", "object": "checkout.session",
                                 "client_reference_id": order.id, "metadata": {"order_id": order.id},
                                 "payment_status": "paid", "payment_intent": f"pi_test_{uuid.uuid4().hex[:12]}"}}}
    payload = json.dumps(event).encode()

    def outage(obj):
        raise ConnectionError("DynamoDB endpoint timed out (simulated outage)")

    monkeypatch.setitem(handlers.HANDLERS, "checkout.session.completed", outage)
    receipt = webhooks.webhook_receive(payload=payload, signature=sign(payload, settings.STRIPE_WEBHOOK_SECRET))
    assert receipt.status == 500
    monkeypatch.undo()

    sign_in(site, page, "fay@quorum.test")
    page.get_by_role("link", name="Stripe events").click()
    page.get_by_role("link", name="Failed").click()
    page.get_by_role("link", name=event["id"]).click()
    expect(page.locator("#event-status")).to_have_text("failed")
    expect(page.locator("#event-error")).to_contain_text("simulated outage")
    expect(page.locator("#event-error")).to_contain_text("Traceback")
    page.get_by_role("button", name="Replay now").click()
    expect(page.locator(".message.success")).to_contain_text(f"Replayed {event['id']}: paid")
    expect(page.locator("#event-status")).to_have_text("processed")
    assert selectors.order_get(order_id=order.id).status == "paid"
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("table.audit tbody tr").first).to_contain_text("stripe_event.replay")

    page.get_by_role("link", name="Dashboard", exact=True).click()  # by now: orders, revenue, a deal
    expect(page.locator(".tile").filter(has_text="Orders today").locator(".tile-value")).not_to_have_text("0")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "admin-dashboard.png"), full_page=True)
    assert page.console_errors == []
