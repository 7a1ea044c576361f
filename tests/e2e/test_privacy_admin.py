"""An admin exports a committee member's data and erases it, in a real browser against the running site: the
export downloads as JSON, the erasure shows what will go and needs the address typed again (a mismatch
erases nothing), the request's page lists every step done, and the member's open room stops working.
Screenshots of the three pages go to .devstack/screenshots."""
import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from dealroom.services.deals import deal_create
from tests import factories
from tests.e2e.test_admin import sign_in
from tests.e2e.test_deal_room import member_page
from tests.e2e.test_home import SHOTS

pytestmark = pytest.mark.e2e


def test_admin_exports_then_erases_a_member_after_confirming(site, page, browser):
    site.bind()
    email = f"priya.{uuid.uuid4().hex[:6]}@hooli.test"
    factories.product("E2E-PRIV-SEAT", name="Analytics seat", category="e2e-privacy", price=9000, stock=50)
    created = deal_create(account_name="Hooli", owner="sales@quorum.test", base_url=site.url,
                          members=((email, "champion", "Priya Raman"),))
    member = member_page(browser, created.invites[email])
    expect(member.locator("h1")).to_contain_text("Hooli")

    sign_in(site, page, f"ada.{uuid.uuid4().hex[:6]}@quorum.test", role="admin")
    page.get_by_role("link", name="Privacy").click()
    expect(page.locator("h1")).to_have_text("Privacy")
    page.get_by_label("Email address").fill(email.upper())
    with page.expect_download() as download:
        page.get_by_role("button", name="Download export").click()
    document = json.loads(download.value.path().read_text())
    assert document["email"] == email and document["user"]["name"] == "Priya Raman"
    (membership,) = document["memberships"]
    assert (membership["deal"]["account_name"], membership["role"], membership["sees"]) == ("Hooli", "champion",
                                                                                            "members")
    page.screenshot(path=str(SHOTS / "admin-privacy.png"), full_page=True)

    page.get_by_role("button", name="Erase…").click()
    expect(page.locator("h1")).to_have_text(f"Erase {email}?")
    expect(page.locator("#count-memberships")).to_have_text("1")
    expect(page.locator("#erase-summary")).to_contain_text("Hooli")
    page.screenshot(path=str(SHOTS / "admin-privacy-confirm.png"), full_page=True)
    page.get_by_label("Type the email address again to confirm").fill("someone.else@hooli.test")
    page.get_by_role("button", name="Erase this person").click()
    expect(page.locator(".message.error")).to_contain_text("The two email addresses differ: nothing was erased.")
    assert page.console_errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    page.console_errors.clear()  # the refused confirmation answered 400, as the admin's invalid forms do
    member.reload()
    expect(member.locator("h1")).to_contain_text("Hooli")  # still a member: nothing happened

    page.get_by_label("Type the email address again to confirm").fill(f"  {email.title()} ")
    page.get_by_role("button", name="Erase this person").click()
    page.wait_for_url(re.compile(rf"{site.url}/admin/privacy/requests/\w+/$"))
    expect(page.locator("#erasure-status")).to_have_text("done")
    expect(page.locator("#erasure-steps tbody tr")).to_have_count(10)
    expect(page.locator("#erasure-steps")).not_to_contain_text("not yet")
    expect(page.locator(".message.success")).to_contain_text("Erased")
    page.screenshot(path=str(SHOTS / "admin-privacy-done.png"), full_page=True)

    answer = member.goto(member.url)  # her open room, reloaded: she is no longer a member
    assert answer.status == 404

    page.get_by_role("link", name="Audit log").click()
    log = page.locator("table.audit")
    for action in ("privacy.export", "privacy.erase", "privacy.erased"):
        expect(log).to_contain_text(action)
    assert email not in page.content().lower()  # the log names her by a digest only
    assert page.console_errors == []
    member.context.close()
