"""Deal intelligence in real browsers against the running site (its stream poller recomputes from the table's
stream, the staff channel goes through AppSync and the gateway): sales staff open a deal and see the top
action naming the silent role; a committee member's approval moves the score on the staff page without a
reload; every approval in, then a card payment, each produce a follow-up draft there. Committee members of
every role never receive any of it over their websocket, and the staff socket refuses them.
Screenshots in .devstack/screenshots (deal-insights*.png)."""
import json
import re
import time

import pytest
from playwright.sync_api import expect

from dealroom.domain.deals import ROLES
from dealroom.persistence import keys
from dealroom.selectors import members_of
from dealroom.services.deals import deal_create
from dealroom.services.quote import quote_line_set
from tests import factories
from tests.e2e.test_admin import sign_in
from tests.e2e.test_home import SHOTS
from tests.table import set_attributes

pytestmark = pytest.mark.e2e
DAY = 86400


def member_page(browser, link):
    page = browser.new_context(viewport={"width": 1100, "height": 800}).new_page()
    page.frames_received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: page.frames_received.append(payload)))
    page.goto(link)
    page.click("#join")
    page.wait_for_url(re.compile(r".*/deals/[\w-]+/$"))
    return page


def staff_socket(page, deal_id: str) -> str:
    """Open the staff channel's socket from this page: "open" or how it closed."""
    return page.evaluate("""(dealId) => new Promise(resolve => {
        const ws = new WebSocket(`ws://${location.host}/ws/staff/deals/${dealId}/`);
        ws.onopen = () => { resolve("open"); ws.close(); };
        ws.onclose = (e) => resolve("closed:" + e.code);
        ws.onerror = () => {};
    })""", deal_id)


def approve(page):
    page.get_by_role("button", name=re.compile(r"^Approve version")).click()
    expect(page.locator("#approve-box")).not_to_contain_text("Approve version", timeout=5000)


def test_staff_see_the_silent_role_a_live_score_and_drafts_members_never_do(site, browser):
    site.bind()
    factories.product("E2E-AI-SEAT", name="Analytics seat", category="e2e-ai", price=12000, stock=100)
    created = deal_create(account_name="Insight Freight", owner="sales@quorum.test", base_url=site.url,
                          stage="negotiation", expected_value=4_800_000,
                          meddpicc={"metrics": "cut freight cost 12%", "identified_pain": "late shipments",
                                    "competition": "Acme Freight", "decision_criteria": "SSO, price per seat"},
                          members=tuple((f"{role}@freight.test", role, role.replace("_", " ").title())
                                        for role in ROLES))
    deal_id = created.deal.id
    rooms = {role: member_page(browser, created.invites[f"{role}@freight.test"]) for role in ROLES}
    users = {m.role: m.user_id for m in members_of(deal_id)}
    quote_line_set(deal_id=deal_id, user_id=users["technical_buyer"], sku="E2E-AI-SEAT", quantity=5)
    then = int(time.time()) - 8 * DAY  # time travel: the deal began 8 days ago and legal went quiet then
    set_attributes(keys.deal_pk(deal_id), keys.DEAL_SK, created_at=then, stage_changed_at=then)
    set_attributes(keys.deal_pk(deal_id), keys.member_sk(users["legal"]), joined_at=then, last_seen_at=then)
    rooms["technical_buyer"].reload()
    approve(rooms["technical_buyer"])  # a deal event: the stream recomputes with legal silent

    staff = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    staff.console_errors = []
    staff.on("pageerror", lambda exc: staff.console_errors.append(str(exc)))
    staff.frames_received = []
    staff.on("websocket", lambda ws: ws.on("framereceived", lambda payload: staff.frames_received.append(payload)))
    sign_in(site, staff, "sales@quorum.test", role="sales")
    staff.get_by_role("link", name="Deals", exact=True).click()
    staff.get_by_role("link", name="Insight Freight").click()
    top = staff.locator("#next-actions > li").first.locator(".action-title")
    expect(top).to_contain_text("Legal has been silent 8 days and must approve", timeout=15000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    staff.screenshot(path=str(SHOTS / "deal-insights.png"), full_page=True)

    staff.evaluate("window.__sameDocument = true")
    before = staff.locator("#deal-score").inner_text()
    approve(rooms["economic_buyer"])
    expect(staff.locator("#deal-score")).not_to_have_text(before, timeout=15000)
    assert int(staff.locator("#deal-score").inner_text()) > int(before)
    assert staff.evaluate("window.__sameDocument") is True  # moved live, no reload

    approve(rooms["legal"])  # every required role approved the version: a follow-up draft
    drafts = staff.locator("#insights-drafts")
    expect(drafts).to_contain_text("After every approval", timeout=15000)

    payer = rooms["economic_buyer"]
    payer.get_by_role("button", name="Pay by card").click()
    payer.wait_for_url(re.compile(r".*/pay/cs_test_\w+$"))
    payer.get_by_label("Card number").fill("4242 4242 4242 4242")
    payer.get_by_role("button", name=re.compile("^Pay")).click()
    payer.wait_for_url(re.compile(r".*/deals/[\w-]+/\?paid=1$"))
    expect(drafts).to_contain_text("After payment", timeout=20000)
    expect(drafts.get_by_label("Subject of the after payment draft")).to_have_value(
        "Insight Freight: payment received, next step is the kickoff")
    expect(staff.locator("#deal-score")).to_have_text("100", timeout=5000)
    assert staff.evaluate("window.__sameDocument") is True
    staff.screenshot(path=str(SHOTS / "deal-insights-drafts.png"), full_page=True)
    assert staff.console_errors == []

    insight_frames = [json.loads(f) for f in staff.frames_received if isinstance(f, str) and '"insights"' in f]
    assert insight_frames and insight_frames[-1]["score"] == 100  # the staff page heard it on its socket
    assert staff_socket(staff, deal_id) == "open"
    top_title = top.inner_text()
    for role, room in rooms.items():
        frames = [f for f in room.frames_received if isinstance(f, str)]
        assert any('"kind": "event"' in f for f in frames), role  # the room was live the whole time
        for frame in frames:
            assert '"insights"' not in frame and "deal.scored" not in frame and "kickoff" not in frame, role
            assert top_title not in frame and "chance to close" not in frame, role
        assert staff_socket(room, deal_id).startswith("closed"), role
        room.context.close()
    staff.context.close()
