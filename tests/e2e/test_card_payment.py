"""Checkout with Stripe in a real browser: pay on the emulator's hosted page, come back, see it paid once
the emulator's signed webhook reaches the running site."""
import json
import re

import pytest
from playwright.sync_api import expect

from commerce.payments import stripe_gateway
from tests import factories
from tests.e2e.test_home import SHOTS
from tests.table import stock

pytestmark = pytest.mark.e2e


def on_hand(site, sku: str) -> int:
    site.bind()
    return stock(sku).on_hand


def add_and_check_out(site, page, sku: str, quantity: int) -> None:
    page.goto(f"{site.url}/products/{sku}/")
    page.get_by_label("Quantity").fill(str(quantity))
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart/")
    page.get_by_role("button", name="Check out").click()
    page.wait_for_url(re.compile(r".*/pay/cs_test_\w+$"))


def test_pay_by_card_and_see_it_paid(site, page):
    site.bind()
    factories.product("E2E-PAY-MUG", name="Team mug", category="e2e-pay", price=1500, stock=10)
    add_and_check_out(site, page, "E2E-PAY-MUG", 3)
    assert "45.00 USD" in page.locator(".amount").inner_text()
    # the order page is open in another tab, live, before the payment happens
    session_id = page.url.rsplit("/", 1)[1]
    order_id = stripe_gateway.client().v1.checkout.sessions.retrieve(session_id).metadata["order_id"]
    watcher = page.context.new_page()
    frames = []
    watcher.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(json.loads(f))))
    watcher.goto(f"{site.url}/orders/{order_id}/")
    expect(watcher.locator("#order-status")).to_have_text("Pending payment")
    watcher.wait_for_function("() => true")
    for _ in range(50):
        if frames:
            break
        watcher.wait_for_timeout(100)
    assert [f["status"] for f in frames] == ["pending_payment"]  # the socket's first word: the status now

    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name=re.compile("^Pay")).click()
    page.wait_for_url(re.compile(r".*/orders/[\w-]+/\?paid=1$"))
    expect(page.locator("#order-status")).to_have_text("Paid", timeout=15000)
    assert page.locator("#paid-note").is_visible()
    expect(watcher.locator("#order-status")).to_have_text("Paid", timeout=15000)
    assert [f["status"] for f in frames][:2] == ["pending_payment", "paid"]  # pushed through the gateway
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "order-paid.png"), full_page=True)
    assert on_hand(site, "E2E-PAY-MUG") == 7
    assert page.console_errors == []


def test_declined_card_leaves_the_order_pending(site, page):
    site.bind()
    factories.product("E2E-PAY-PEN", name="Pen set", category="e2e-pay", price=900, stock=5)
    add_and_check_out(site, page, "E2E-PAY-PEN", 2)
    page.get_by_label("Card number").fill("4000 0000 0000 0002")
    page.get_by_role("button", name=re.compile("^Pay")).click()
    expect(page.get_by_role("alert")).to_have_text("Your card was declined.")
    page.get_by_role("link", name=re.compile("Back to the shop")).click()
    expect(page.locator("#order-status")).to_have_text("Pending payment")
    expect(page.locator("#payment-error")).to_contain_text("Your card was declined.", timeout=15000)
    assert page.get_by_role("link", name="Pay now").is_visible()
    assert on_hand(site, "E2E-PAY-PEN") == 5


def test_expired_session_puts_the_stock_back(site, page):
    from commerce.payments import stripe_gateway

    site.bind()
    factories.product("E2E-PAY-LAST", name="Last lamp", category="e2e-pay", price=2500, stock=1)
    add_and_check_out(site, page, "E2E-PAY-LAST", 1)
    session_id = page.url.rsplit("/", 1)[1]
    page.goto(f"{site.url}/products/E2E-PAY-LAST/")
    expect(page.locator(".stock")).to_have_text("Out of stock")
    assert stripe_gateway.checkout_session_expire(session_id=session_id) == "expired"
    for _ in range(30):
        page.reload()
        if page.locator(".stock").inner_text() == "1 available":
            break
        page.wait_for_timeout(500)
    expect(page.locator(".stock")).to_have_text("1 available")
