"""Deal insights live to staff, never to members: each stored generation (DEAL#<id> / INSIGHTS, from the
table's stream) is published on the channel `staff:deal:<id>` (seq = the insights' revision); the gateway's
socket /ws/staff/deals/<id>/ admits signed-in staff sessions only (a committee member's session, however
many deals it holds, is refused like a stranger's) and sends the score now, then every change."""
from __future__ import annotations

import json
from typing import Any, Optional

from commerce import clock
from commerce.errors import NotFound
from commerce.ops.access import SESSION_STAFF
from commerce.services.staff import staff_get
from commerce.streams import Change
from dealroom.domain.insights import StoredInsights
from dealroom.services.insights import insights_get
from dealroom.services.log import deal_read
from realtime import publisher
from realtime.consumers import ChannelConsumer
from realtime.publisher import ChannelEvent

MESSAGE_TYPE = "insights.updated"


def staff_deal_channel(deal_id: str) -> str:
    return f"staff:deal:{deal_id}"


def insights_message(stored: StoredInsights) -> dict[str, Any]:
    """What the staff page needs to move at once (it fetches the full section by its URL after)."""
    top = stored.top_action
    return {"score": stored.score, "band": stored.band, "top_action": top.title if top else None,
            "provider": stored.provenance.provider, "fell_back": stored.provenance.fell_back,
            "computed_at": stored.computed_at}


def publish_staff_insights(change: Change) -> None:
    """The staff channel's outbox publisher (at least once; each message carries its revision)."""
    new: Optional[StoredInsights] = change.new
    if change.name not in ("INSERT", "MODIFY") or new is None:
        return
    if change.old is not None and change.old.revision == new.revision:
        return
    publisher.publish(ChannelEvent(channel=staff_deal_channel(new.deal_id), seq=new.revision, type=MESSAGE_TYPE,
                                   occurred_at=clock.iso(new.computed_at), payload=insights_message(new)))


def _frame(revision: int, body: dict[str, Any]) -> str:
    return json.dumps({"kind": "insights", "revision": revision, **body})


class StaffDealConsumer(ChannelConsumer):
    """/ws/staff/deals/<id>/?after=REVISION: staff only."""

    def channel_for(self) -> str:
        return staff_deal_channel(self.scope["url_route"]["kwargs"]["deal_id"])

    def authorize(self) -> None:
        user_id = self.scope["session"].get(SESSION_STAFF)
        if not user_id or staff_get(user_id=user_id) is None:
            raise NotFound("no such deal")
        deal_read(self.scope["url_route"]["kwargs"]["deal_id"])

    def catch_up(self, after: int) -> list[tuple[int, str]]:
        stored = insights_get(deal_id=self.scope["url_route"]["kwargs"]["deal_id"])
        if stored is None or stored.revision <= after:
            return []
        return [(stored.revision, _frame(stored.revision, insights_message(stored)))]

    def frame(self, message: ChannelEvent) -> Optional[str]:
        return _frame(message.seq, message.payload)
