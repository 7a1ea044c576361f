"""The deal room on the realtime path: each committed deal event is published on the channel
`deal:<id>` from the table's stream; the gateway's socket at /ws/deals/<id>/?after=SEQ replays the log
after SEQ, goes live, and sends every member only what their role may see. Stock changes of a product
reach every room whose quote holds it (a `stock.changed` event in each deal's log)."""
from __future__ import annotations

import json
from typing import Optional

from commerce import clock
from commerce.domain.events import STAFF
from commerce.errors import NotFound
from commerce.streams import Change
from dealroom import selectors, visibility
from dealroom.auth import member_of
from dealroom.domain.deals import Deal, DealChange
from dealroom.domain.events import Committed, StockChanged, from_stored
from dealroom.persistence.uow import DealUnitOfWork, unit_of_work
from dealroom.services.log import deal_change
from realtime import publisher
from realtime.consumers import ChannelConsumer
from realtime.publisher import ChannelEvent


def deal_channel(deal_id: str) -> str:
    return f"deal:{deal_id}"


def publish_deal_event(change: Change) -> None:
    """The outbox publisher: every new DEAL#<id> / EVENT#<seq> goes to AppSync (at least once; each
    carries its seq). The full payload travels: the gateway redacts it per socket."""
    if change.name != "INSERT" or change.new is None:
        return
    event: Committed = change.new
    publisher.publish(ChannelEvent(
        channel=deal_channel(event.deal_id), seq=event.seq, type=event.type, occurred_at=clock.iso(event.at),
        payload={"actor": event.actor, "at": event.at,
                 "payload": event.event.as_payload(STAFF) if event.event else {},
                 "correlation_id": event.correlation_id},
    ))


def on_stock_change(change: Change) -> None:
    if change.name != "MODIFY" or change.old is None or change.new is None:
        return
    old, new = change.old, change.new  # type: Stock, Stock
    if old.available == new.available:
        return
    sku, available = new.sku, new.available

    def plan(u: DealUnitOfWork, deal: Deal, deal_change_: DealChange) -> StockChanged:
        return StockChanged(sku=sku, available=available)

    for deal_id in unit_of_work().quote_markers.deals_holding(sku):
        deal_change(deal_id=deal_id, plan=plan)


def committed_from(message: ChannelEvent) -> Committed:
    body = message.payload
    deal_id = message.channel.split(":", 1)[1]
    return Committed(deal_id=deal_id, seq=message.seq, type=message.type, actor=body.get("actor", ""),
                     at=int(body.get("at") or 0), event=from_stored(message.type, body.get("payload") or {}))


_frames: dict[tuple[str, int, str], str] = {}  # one frame per live message per audience, shared by sockets
MAX_FRAMES = 2000


def _frame(message: ChannelEvent, audience: str) -> str:
    key = (message.channel, message.seq, audience)
    text = _frames.get(key)
    if text is None:
        if len(_frames) >= MAX_FRAMES:
            _frames.clear()
        text = _frames[key] = json.dumps({"kind": "event", "event": committed_from(message).as_dict(audience)})
    return text


class DealRoomConsumer(ChannelConsumer):
    """/ws/deals/<id>/?after=SEQ: members only; every frame filtered for the member's role. A change of
    this member's role is re-read before the next frame; a member removed meanwhile is disconnected (a
    `member.removed` event names no one, so every socket of the deal checks its membership again)."""

    def channel_for(self) -> str:
        return deal_channel(self.scope["url_route"]["kwargs"]["deal_id"])

    def authorize(self) -> None:
        deal_id = self.scope["url_route"]["kwargs"]["deal_id"]
        user_id = member_of(self.scope["session"], deal_id)
        self.deal, self.member = selectors.membership(deal_id=deal_id, user_id=user_id)
        self.audience = visibility.audience_of(self.deal, self.member.role)

    def catch_up(self, after: int) -> list[tuple[int, str]]:
        events = unit_of_work().events.after(self.deal.id, seq=after, limit=self.catch_up_limit)
        return [(e.seq, json.dumps({"kind": "event", "event": e.as_dict(self.audience)})) for e in events]

    def frame(self, message: ChannelEvent) -> Optional[str]:
        return _frame(message, self.audience)

    async def on_message(self, message: ChannelEvent) -> Optional[str]:
        if message.type == "member.removed" or (message.type == "member.role_changed" and (
                message.payload.get("payload") or {}).get("user_id") == self.member.user_id):
            from asgiref.sync import sync_to_async

            try:
                await sync_to_async(self.authorize, thread_sensitive=False)()
            except NotFound:
                await self.close()
                return None
        return self.frame(message)
