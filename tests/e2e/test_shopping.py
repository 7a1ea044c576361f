"""A shopper browses a category, adds two products, changes a quantity, checks out, sees the order."""
import re

import pytest

from tests import factories
from tests.e2e.test_home import SHOTS

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalog(site):
    site.bind()
    factories.product("E2E-DESK", name="Standing desk", category="e2e-office", price=45000, stock=5)
    factories.product("E2E-CHAIR", name="Task chair", category="e2e-office", price=32000, stock=5)
    factories.product("E2E-LAMP", name="Desk lamp", category="e2e-office", price=4500, stock=5)
    factories.product("E2E-OTHER", name="Server rack", category="e2e-datacenter", price=90000, stock=5)


def test_browse_add_change_checkout(site, catalog, page):
    page.goto(site.url + "/products/?category=e2e-office")
    cards = page.locator(".product-card h3")
    assert cards.all_inner_texts() == ["Desk lamp", "Task chair", "Standing desk"]  # cheapest first, one category

    page.get_by_role("link", name="Task chair").click()
    assert page.locator(".stock").inner_text() == "5 available"
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart/")
    page.goto(site.url + "/products/E2E-LAMP/")
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart/")
    assert page.locator("#cart-total").inner_text() == "$410.00"

    page.get_by_label("Quantity of Task chair").fill("3")
    page.locator("#cart-status").filter(has_text="Saved.").wait_for()
    assert page.locator("tr[data-sku='E2E-CHAIR'] .line-total").inner_text() == "$960.00"
    assert page.locator("#cart-total").inner_text() == "$1,050.00"
    page.reload()  # the change was saved, not only drawn
    assert page.get_by_label("Quantity of Task chair").input_value() == "3"

    page.get_by_role("button", name="Check out").click()
    page.wait_for_url(re.compile(r".*/pay/cs_test_\w+$"))  # Stripe Checkout (the emulator's hosted page)
    assert "1,050.00 USD" in page.locator(".amount").inner_text()
    page.get_by_role("link", name=re.compile("Back to the shop")).click()  # the cancel URL: the order page
    page.wait_for_url(re.compile(r".*/orders/[A-Za-z0-9_-]+/$"))
    assert page.locator("#order-status").inner_text() == "Pending payment"
    assert "$1,050.00" in page.locator("tfoot").inner_text()
    assert page.locator("tbody tr").count() == 2
    assert page.get_by_role("link", name="Pay now").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "order.png"), full_page=True)
    assert page.console_errors == []

    page.goto(site.url + "/products/E2E-CHAIR/")
    assert page.locator(".stock").inner_text() == "2 available"  # 3 are held for the order


def test_empty_states_and_bad_filters(site, page):
    page.goto(site.url + "/cart/")
    assert page.get_by_role("heading", name="Your cart is empty").is_visible()
    page.goto(site.url + "/products/?category=e2e-nothing-here")
    assert page.get_by_role("heading", name="No products match").is_visible()
    page.goto(site.url + "/products/?max_price=cheap")
    assert page.locator(".field-error").inner_text() == "Enter a price such as 50 or 49.99."
    assert page.goto(site.url + "/products/NO-SUCH-THING/").status == 404
    assert page.goto(site.url + "/orders/nosuchordernosuchorder/").status == 404
