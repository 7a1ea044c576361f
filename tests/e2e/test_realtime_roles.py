"""The gateway re-reads a member's role when it changes: frames after the change are filtered for the new
role, on the socket already open (audit finding 4)."""
from __future__ import annotations

import asyncio
import json

import pytest

from tests import factories

pytestmark = pytest.mark.e2e


def member_session(deal_id: str, email: str, role: str, name: str) -> tuple[str, str]:
    """A member and a signed-in session for them, in the site's table (as following the link would)."""
    from commerce import ids
    from commerce.persistence.session_store import SessionStore
    from dealroom.auth import SESSION_MEMBERSHIPS
    from dealroom.domain.deals import Member
    from dealroom.persistence.uow import unit_of_work

    user_id = ids.new_id()
    u = unit_of_work()
    u.members.add(Member(deal_id=deal_id, user_id=user_id, email=email, name=name, role=role, joined_at=1))
    u.commit()
    session = SessionStore()
    session[SESSION_MEMBERSHIPS] = {deal_id: user_id}
    session.save()
    return user_id, session.session_key


async def quote_frames(url: str, cookie: str, wanted: int) -> list[dict]:
    import websockets

    found: list[dict] = []
    async with websockets.connect(url, additional_headers={"Cookie": f"sessionid={cookie}",
                                                           "Origin": url.replace("ws://", "http://")}) as socket:
        while len(found) < wanted:
            frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=20))
            if frame["event"]["type"] == "quote.line_set":
                found.append(frame["event"])
    return found


def test_a_role_change_reaches_the_open_socket_before_the_next_frame(site):
    from dealroom.services import deal_admin, quote
    from dealroom.services.deals import deal_create
    from dealroom.services.log import deal_read

    site.bind()
    factories.product("E2E-ROLE-SEAT", name="Role seat", category="e2e-role", price=5000, stock=100)
    deal = deal_create(account_name="Roles Co", owner="s@q.test", base_url=site.url).deal
    user_id, cookie = member_session(deal.id, "lou@roles.test", "legal", "Lou")  # legal: no prices
    url = f"{site.url.replace('http://', 'ws://')}/ws/deals/{deal.id}/?after={deal_read(deal.id).last_event_seq}"

    async def scenario() -> list[dict]:
        listening = asyncio.ensure_future(quote_frames(url, cookie, wanted=2))
        await asyncio.sleep(1.5)  # connected and live
        await asyncio.to_thread(quote.quote_line_set, deal_id=deal.id, user_id="", sku="E2E-ROLE-SEAT",
                                quantity=2, staff_actor="Sam")
        await asyncio.sleep(1.0)
        await asyncio.to_thread(deal_admin.member_role_set, deal_id=deal.id, user_id=user_id, role="procurement",
                                actor="sam@q.test")
        await asyncio.to_thread(quote.quote_line_set, deal_id=deal.id, user_id="", sku="E2E-ROLE-SEAT",
                                quantity=3, staff_actor="Sam")
        return await asyncio.wait_for(listening, timeout=30)

    before, after = asyncio.run(scenario())
    assert before["payload"]["quantity"] == 2 and "unit_price" not in before["payload"]
    assert after["payload"]["quantity"] == 3 and after["payload"]["unit_price"] == {"amount": 5000, "currency": "usd"}
