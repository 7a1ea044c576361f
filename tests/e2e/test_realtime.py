"""Realtime in real browsers: AppSync subscriptions proxied by the Channels gateway."""
import json
import re
import time
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.e2e


@pytest.fixture
def deal(site):
    site.bind()
    factories.product("E2E-RT-SEAT", name="Realtime seat", category="e2e-rt", price=4200, stock=500)
    out = StringIO()
    call_command("deal_create", "--name", "Live Co", "--base-url", site.url,
                 "--member", "eb@live.test:economic_buyer:Eve", "--member", "tb@live.test:technical_buyer:Tim",
                 "--member", "lg@live.test:legal:Lou", stdout=out)
    return json.loads(out.getvalue())


def open_room(browser, url):
    context = browser.new_context()
    page = context.new_page()
    page.frames_received = []
    page.sockets = []

    def on_socket(ws):
        page.sockets.append(ws)
        ws.on("framereceived", lambda payload: page.frames_received.append(payload))

    page.on("websocket", on_socket)
    page.goto(url)
    page.click("#join")
    page.wait_for_url(re.compile(r".*/deals/[\w-]+/$"))
    page.wait_for_function("() => true")
    for _ in range(50):
        if page.sockets:
            break
        page.wait_for_timeout(100)
    return page


def test_changes_reach_the_other_member_within_a_second_without_prices_for_the_technical_buyer(site, deal, browser):
    eve = open_room(browser, deal["invites"]["eb@live.test"])
    tim = open_room(browser, deal["invites"]["tb@live.test"])
    assert eve.sockets and tim.sockets, "both rooms use the websocket gateway"
    eve.wait_for_timeout(500)

    eve.select_option("#add-sku", label="Realtime seat")
    eve.locator("#add-qty").fill("3")
    eve.get_by_role("button", name="Add to quote").click()
    expect(tim.get_by_label("Quantity of Realtime seat")).to_have_value("3", timeout=3000)

    started = time.monotonic()
    eve.get_by_label("Quantity of Realtime seat").fill("8")
    expect(tim.get_by_label("Quantity of Realtime seat")).to_have_value("8", timeout=2000)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0 + 0.4 + 0.3, elapsed  # 0.4 s is the page's own typing debounce

    frames = [json.loads(f) for f in tim.frames_received if isinstance(f, str)]
    line_sets = [f["event"] for f in frames if f.get("event", {}).get("type") == "quote.line_set"]
    assert [e["payload"]["quantity"] for e in line_sets] == [3, 8]
    for frame in tim.frames_received:
        assert "unit_price" not in frame and "line_total" not in frame and "4200" not in frame
    eve_frames = [json.loads(f) for f in eve.frames_received if isinstance(f, str)]
    assert any("unit_price" in f["event"]["payload"] for f in eve_frames if f["event"]["type"] == "quote.line_set")
    seqs = [f["event"]["seq"] for f in frames]
    assert seqs == sorted(set(seqs))  # in order, each once


def test_a_non_member_websocket_is_refused(site, deal, browser):
    outsider = browser.new_context().new_page()
    outsider.goto(site.url + "/")
    result = outsider.evaluate("""(dealId) => new Promise(resolve => {
        const ws = new WebSocket(`ws://${location.host}/ws/deals/${dealId}/`);
        ws.onopen = () => resolve("open");
        ws.onclose = (e) => resolve("closed:" + e.code);
        ws.onerror = () => {};
    })""", deal["deal_id"])
    assert result != "open" and result.startswith("closed")


def test_appsync_outage_loses_nothing(site, deal, browser, services):
    lou = open_room(browser, deal["invites"]["lg@live.test"])
    tim = open_room(browser, deal["invites"]["tb@live.test"])
    lou.wait_for_timeout(500)
    lou.select_option("#add-sku", label="Realtime seat")
    lou.locator("#add-qty").fill("1")
    lou.get_by_role("button", name="Add to quote").click()
    expect(tim.get_by_label("Quantity of Realtime seat")).to_have_value("1", timeout=3000)

    services.appsync_process.stop()  # AppSync goes away...
    try:
        for quantity in (2, 3, 4):
            with lou.expect_response(lambda r: "/quote/lines/" in r.url and r.request.method == "PUT") as saved:
                lou.get_by_label("Quantity of Realtime seat").fill(str(quantity))
            assert saved.value.status == 200
        time.sleep(2)
    finally:
        services.appsync_process.start()  # ...and comes back
    expect(tim.get_by_label("Quantity of Realtime seat")).to_have_value("4", timeout=20000)
    frames = [json.loads(f) for f in tim.frames_received if isinstance(f, str)]
    quantities = [f["event"]["payload"]["quantity"] for f in frames if f["event"]["type"] == "quote.line_set"]
    seqs = [f["event"]["seq"] for f in frames]
    assert quantities[-4:] == [1, 2, 3, 4]
    assert seqs == sorted(set(seqs)) and seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # each once, no gap
