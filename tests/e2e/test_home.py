"""A shopper opens the home page in headless Chromium."""
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / ".devstack" / "screenshots"


def test_home_page_reads_as_a_real_storefront(site, page):
    response = page.goto(site.url + "/")
    assert response.status == 200
    assert page.title() == "Buy together · Quorum"
    assert page.locator("h1").inner_text() == "Buy together, decide once."
    assert page.locator(".features .card").count() == 4
    # the stylesheet loaded and applied (brand mark is the accent colour, not the browser default)
    assert page.locator(".brand-mark").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(53, 71, 214)"
    page.get_by_role("link", name="API", exact=True).click()
    page.wait_for_url("**/api/docs")
    assert page.console_errors == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(site.url + "/")
    page.screenshot(path=str(SHOTS / "home.png"), full_page=True)
