"""Amounts in the browser follow each currency's exponent: a deal room quoted in yen shows whole yen and one
quoted in Kuwaiti dinar shows three decimals (room.js draws the quote through static/js/money.js), and the
browser's formatter gives exactly the server's text for every currency in the domain's table."""
import pytest
from playwright.sync_api import expect

from commerce.domain.money import EXPONENTS, format_money
from dealroom.services.deals import deal_create
from tests import factories
from tests.e2e.test_deal_room import member_page
from tests.e2e.test_home import SHOTS

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("currency, price, unit_text, total_text", [
    ("jpy", 1500, "¥1,500", "¥4,500"),  # was "¥15" / "¥45": the old script divided every amount by 100
    ("kwd", 12500, "12.500 KWD", "37.500 KWD"),
])
def test_a_deal_room_shows_its_currency_with_the_right_decimals(site, browser, currency, price, unit_text,
                                                                total_text):
    site.bind()
    sku, name = f"E2E-MONEY-{currency.upper()}", f"Conference camera ({currency.upper()})"
    factories.product(sku, name=name, category="e2e-money", price=price, currency=currency, stock=50)
    email = f"kenji.{currency}@acme.test"
    created = deal_create(account_name=f"Tanaka {currency.upper()}", owner="sam@quorum.test", base_url=site.url,
                          currency=currency, members=((email, "economic_buyer", "Kenji"),))
    page = member_page(browser, created.invites[email])

    page.select_option("#add-sku", label=name)
    page.locator("#add-qty").fill("3")
    page.get_by_role("button", name="Add to quote").click()
    expect(page.locator("#quote-notice")).to_have_text("Saved.")
    row = page.locator(f"#quote-table tr[data-sku='{sku}']")
    expect(row.locator("td.num").first).to_have_text(unit_text)
    expect(row.locator(".line-total")).to_have_text(total_text)
    expect(page.locator("#quote-total")).to_have_text(total_text)

    page.reload()  # the first drawing of the room goes through the same formatter
    expect(page.locator("#quote-total")).to_have_text(total_text)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"room-{currency}.png"), full_page=True)
    assert page.console_errors == []


def test_the_browser_formats_money_like_the_server(site, page):
    page.goto(site.url + "/")
    cases = [[amount, currency] for currency in [*sorted(EXPONENTS), "usd", "EUR", "gbp", "chf", "isk", "xyz"]
             for amount in (0, 5, 1_234_567, 99_999_999_999)]
    shown = page.evaluate("cases => cases.map(([amount, currency]) => QuorumMoney.format({amount, currency}))", cases)
    assert shown == [format_money(amount, currency) for amount, currency in cases]
    assert "¥1,234,567" in shown and "1,234.567 KWD" in shown  # the comparison saw real text
    assert page.console_errors == []
