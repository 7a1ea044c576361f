"""Stream-to-staff-page latency for deal intelligence, on the real local path: a committed deal change ->
DynamoDB Local's stream -> the stream poller (commerce.streams.handle: recompute and store the insights) ->
the insights item's own stream record -> publish on `staff:deal:<id>` through AppSync (the simulator) ->
the Channels gateway (daphne) -> a staff socket; then the page's fetch of the section over HTTP.

Used by bench/insights.py (`--stream-rounds N`, 0 skips it)."""
from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time
import urllib.request
from pathlib import Path

from common import local_stack, percentiles


def _arrange(site: str) -> tuple[str, str, str, list[str]]:
    """A deal with a committee and a staff session: (deal id, technical buyer's user id, session key, skus)."""
    from commerce.ops.access import SESSION_STAFF
    from commerce.persistence.session_store import SessionStore
    from commerce.services.staff import staff_create
    from dealroom.selectors import members_of
    from dealroom.services.deals import deal_create
    from dealroom.services.invites import invite_accept
    from tests import factories

    factories.product("BENCH-AI-SEAT", price=10000, stock=100_000)
    created = deal_create(account_name="Bench Freight", owner="bench@quorum.test", base_url=site, stage="proposal",
                          members=(("eb@bench.test", "economic_buyer", "E"), ("tb@bench.test", "technical_buyer", "T"),
                                   ("lg@bench.test", "legal", "L")))
    for link in created.invites.values():
        invite_accept(token=link.rstrip("/").rsplit("/", 1)[1])
    tech = next(m.user_id for m in members_of(created.deal.id) if m.role == "technical_buyer")
    staff = staff_create(email="bench-staff@quorum.test", role="sales", password="bench staff password 1")
    session = SessionStore()
    session[SESSION_STAFF] = staff.id
    session.save()
    return created.deal.id, tech, session.session_key, ["BENCH-AI-SEAT"]


async def _measure(site: str, deal_id: str, user_id: str, cookie: str, rounds: int) -> dict:
    import websockets
    from django.urls import reverse

    from dealroom.services.quote import quote_line_set

    headers = {"Cookie": f"sessionid={cookie}", "Origin": site}
    url = site.replace("http://", "ws://") + f"/ws/staff/deals/{deal_id}/?after=0"
    socket_ms, fragment_ms, page_ms = [], [], []
    section = urllib.request.Request(site + reverse("ops_deals:deal_insights", args=[deal_id]),
                                     headers={"Cookie": f"sessionid={cookie}"})

    def fetch() -> bytes:
        with urllib.request.urlopen(section, timeout=10) as response:
            return response.read()

    async with websockets.connect(url, additional_headers=headers, open_timeout=30) as ws:
        revision = 0
        try:  # the catch-up frame (the deal's first score), if the stream got there already
            revision = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))["revision"]
        except TimeoutError:
            pass
        for n in range(rounds + 2):  # two warm-up rounds (imports, the upstream subscription)
            await asyncio.to_thread(quote_line_set, deal_id=deal_id, user_id=user_id, sku="BENCH-AI-SEAT",
                                    quantity=n % 7 + 1)
            committed = time.perf_counter()
            while True:
                frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
                if frame.get("kind") == "insights" and frame["revision"] > revision:
                    revision = frame["revision"]
                    break
            arrived = time.perf_counter()
            body = await asyncio.to_thread(fetch)
            fetched = time.perf_counter()
            assert b'id="deal-score"' in body
            if n >= 2:
                socket_ms.append((arrived - committed) * 1000)
                fragment_ms.append((fetched - arrived) * 1000)
                page_ms.append((fetched - committed) * 1000)
            await asyncio.sleep(0.3)
    return {"commit_to_staff_socket": percentiles(socket_ms), "section_fetch": percentiles(fragment_ms),
            "commit_to_staff_page_updated": percentiles(page_ms)}


def stream_to_staff_page(rounds: int) -> dict:
    from devstack.services import StreamPoller

    with local_stack(with_site=True, with_appsync=True) as stack:
        log_dir = Path(tempfile.mkdtemp(prefix="quorum-bench-streams-"))
        poller = StreamPoller(table=stack["table"], env=dict(os.environ)).process(log_dir).start()
        try:
            deal_id, user_id, cookie, _ = _arrange(stack["site_url"])
            result = asyncio.run(_measure(stack["site_url"], deal_id, user_id, cookie, rounds))
        finally:
            poller.stop()
    result.update(rounds=rounds, path="quote change committed -> stream poller (recompute, store) -> insights "
                                      "stream record -> AppSync -> gateway -> staff socket; then GET the section",
                  poller_interval_ms=100)
    return result
