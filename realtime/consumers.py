"""The gateway's base consumer: authorize, replay from the source of truth after the client's last seq,
then go live on the channel's shared upstream subscription; repeats are dropped and gaps filled from the
source of truth, so a socket never misses nor repeats a message."""
from __future__ import annotations

import asyncio
from typing import Optional
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from commerce.errors import NotFound
from realtime.hub import RESYNC, get_hub
from realtime.publisher import ChannelEvent

REFUSED = 4404  # close code before the handshake completes: the browser sees a failure


class ChannelConsumer(AsyncWebsocketConsumer):
    """Subclasses say which channel (`channel_for`), who may listen (`authorize`, blocking: it reads;
    raises NotFound), what happened after a seq (`catch_up`, blocking, frames in order) and what a live
    message becomes for this socket (`frame`: no I/O, it runs on the event loop for every socket; None
    sends nothing). `on_message` may do I/O first for the rare message that needs it."""

    catch_up_limit = 200
    channel: str
    last_seq: int

    def channel_for(self) -> str:
        raise NotImplementedError

    def authorize(self) -> None:
        raise NotImplementedError

    def catch_up(self, after: int) -> list[tuple[int, str]]:
        raise NotImplementedError

    def frame(self, message: ChannelEvent) -> Optional[str]:
        raise NotImplementedError

    async def on_message(self, message: ChannelEvent) -> Optional[str]:
        return self.frame(message)

    async def connect(self) -> None:
        try:
            await sync_to_async(self.authorize, thread_sensitive=False)()
        except NotFound:
            await self.close(code=REFUSED)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode())
        try:
            self.last_seq = max(0, int((query.get("after") or ["0"])[0]))
        except ValueError:
            self.last_seq = 0
        await self.accept()
        self.channel = self.channel_for()
        self.queue = await get_hub().join(self.channel)
        await self._catch_up()
        self.pump = asyncio.create_task(self._pump())

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "pump"):
            self.pump.cancel()
        if hasattr(self, "queue"):
            get_hub().leave(self.channel, self.queue)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        pass  # sockets only carry news to the browser; changes go through the HTTP API

    async def _catch_up(self) -> None:
        read = sync_to_async(self.catch_up, thread_sensitive=False)
        while True:
            frames = await read(self.last_seq)
            for seq, text in frames:
                if seq > self.last_seq:
                    self.last_seq = seq
                    await self.send(text_data=text)
            if len(frames) < self.catch_up_limit:
                return

    async def _pump(self) -> None:
        while True:
            message = await self.queue.get()
            if message is RESYNC or message.seq > self.last_seq + 1:
                await self._catch_up()  # the upstream reconnected, or a gap: the source of truth fills it
                continue
            if message.seq <= self.last_seq:
                continue  # already sent (replay overlap or a duplicate publish)
            text = await self.on_message(message)
            self.last_seq = message.seq
            if text is not None:
                await self.send(text_data=text)
