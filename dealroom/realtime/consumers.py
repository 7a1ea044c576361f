"""The websocket gateway at /ws/deals/<id>/?after=SEQ: members only; replays the events after SEQ from the
table, then goes live; every frame filtered for the member's role; gaps are filled from the table, so a
socket never misses nor repeats an event."""
from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from commerce.errors import NotFound
from dealroom import selectors, visibility
from dealroom.auth import SESSION_USER
from dealroom.realtime.hub import RESYNC, get_hub


class DealRoomConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.deal_id = self.scope["url_route"]["kwargs"]["deal_id"]
        user_id = await sync_to_async(lambda: self.scope["session"].get(SESSION_USER))()
        try:
            self.deal, self.member = await sync_to_async(selectors.membership, thread_sensitive=False)(deal_id=self.deal_id, user_id=user_id)
        except NotFound:
            await self.close(code=4404)  # refused before the handshake completes: the browser sees a failure
            return
        query = parse_qs(self.scope.get("query_string", b"").decode())
        try:
            self.last_seq = max(0, int((query.get("after") or ["0"])[0]))
        except ValueError:
            self.last_seq = 0
        await self.accept()
        self.queue = await get_hub().join(self.deal_id)
        await self._catch_up()
        self.pump = asyncio.create_task(self._pump())

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "pump"):
            self.pump.cancel()
        if hasattr(self, "queue"):
            get_hub().leave(self.deal_id, self.queue)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        pass  # the socket only carries events to the browser; changes go through the HTTP API

    async def _catch_up(self) -> None:
        """Send every event after last_seq from the table (the source of truth), in order."""
        while True:
            events = await sync_to_async(selectors.events_after, thread_sensitive=False)(
                deal_id=self.deal_id, user_id=self.member.user_id, after=self.last_seq, limit=200)
            for event in events:
                await self._send(event, filtered=True)
            if len(events) < 200:
                return

    async def _pump(self) -> None:
        while True:
            message = await self.queue.get()
            if message is RESYNC or message.get("seq", 0) > self.last_seq + 1:
                await self._catch_up()  # upstream reconnected, or a gap: the table fills it
                continue
            if message["seq"] <= self.last_seq:
                continue  # already sent (replay overlap or a duplicate publish)
            await self._send(message, filtered=False)

    async def _send(self, event: dict, *, filtered: bool) -> None:
        if event["seq"] <= self.last_seq:
            return
        self.last_seq = event["seq"]
        if filtered:
            await self.send(text_data=json.dumps({"kind": "event", "event": event}))
            return
        # A live message is one dict shared by every socket of the deal: build each visibility's frame once.
        prices = self.deal.can_see_prices(self.member.role)
        frames = event.setdefault("_frames", {})
        if prices not in frames:
            shown = {k: v for k, v in event.items() if k != "_frames"}
            frames[prices] = json.dumps({"kind": "event", "event": visibility.event_out(shown, self.deal, self.member.role)})
        await self.send(text_data=frames[prices])


class OrderStatusConsumer(AsyncWebsocketConsumer):
    """/ws/orders/<id>/: the order's status now, then every change (the order page's live status)."""

    async def connect(self) -> None:
        from commerce.services import selectors as commerce_selectors
        from dealroom.realtime.orders import channel

        self.order_id = self.scope["url_route"]["kwargs"]["order_id"]
        self.read = sync_to_async(lambda: commerce_selectors.order_get(order_id=self.order_id), thread_sensitive=False)
        try:
            order = await self.read()
        except NotFound:
            await self.close(code=4404)
            return
        await self.accept()
        self.channel = channel(self.order_id)
        self.queue = await get_hub().join(self.channel)
        self.version = 0
        await self._status(order.status, order.version)
        self.pump = asyncio.create_task(self._pump())

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "pump"):
            self.pump.cancel()
        if hasattr(self, "queue"):
            get_hub().leave(self.channel, self.queue)

    async def _pump(self) -> None:
        while True:
            message = await self.queue.get()
            if message is RESYNC:
                order = await self.read()
                await self._status(order.status, order.version)
            else:
                await self._status(message["payload"]["status"], message["seq"])

    async def _status(self, status: str, version: int) -> None:
        if version <= self.version:
            return  # older or repeated news: the status never goes backwards on screen
        self.version = version
        await self.send(text_data=json.dumps({"kind": "order", "status": status, "version": version}))
