"""One upstream AppSync subscription per channel per process, shared by every local socket of that channel
(reference counted), reconnected with backoff when AppSync drops. Local sockets get events through
asyncio queues; after an upstream reconnect they are told to resync from the table, so nothing published
while the upstream was down is lost."""
from __future__ import annotations

import asyncio
import logging
import random
from typing import Optional
from urllib.parse import urlparse

from django.conf import settings

from realtime.publisher import ChannelEvent

log = logging.getLogger(__name__)

SUBSCRIPTION = """
subscription OnChannelEvent($channel: ID!) {
  onChannelEvent(channel: $channel) { channel seq type occurredAt payload }
}
"""
RESYNC = object()  # told to a channel's sockets after the upstream reconnects: read the source of truth


class Hub:
    def __init__(self) -> None:
        self.listeners: dict[str, set[asyncio.Queue]] = {}
        self.tasks: dict[str, asyncio.Task] = {}
        self.connected: dict[str, asyncio.Event] = {}

    async def join(self, channel: str) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue()
        self.listeners.setdefault(channel, set()).add(queue)
        if channel not in self.tasks:
            self.connected[channel] = asyncio.Event()
            self.tasks[channel] = asyncio.create_task(self._upstream(channel))
        try:  # wait (briefly) for the subscription to be acknowledged, so replay + live leave no gap
            await asyncio.wait_for(self.connected[channel].wait(), timeout=5)
        except TimeoutError:
            log.warning("AppSync subscription for channel %s not ready; the socket resyncs when it is", channel)
        return queue

    def leave(self, channel: str, queue: asyncio.Queue) -> None:
        queues = self.listeners.get(channel, set())
        queues.discard(queue)
        if not queues:
            self.listeners.pop(channel, None)
            task = self.tasks.pop(channel, None)
            self.connected.pop(channel, None)
            if task:
                task.cancel()

    def _fan_out(self, channel: str, message: object) -> None:
        for queue in list(self.listeners.get(channel, ())):
            queue.put_nowait(message)

    async def _upstream(self, channel: str) -> None:
        from gql import Client, gql
        from gql.transport.appsync_auth import AppSyncApiKeyAuthentication
        from gql.transport.appsync_websockets import AppSyncWebsocketsTransport

        delay, first = 0.2, True
        while True:
            transport = AppSyncWebsocketsTransport(
                url=realtime_url(settings.APPSYNC_GRAPHQL_URL),
                auth=AppSyncApiKeyAuthentication(host=urlparse(settings.APPSYNC_GRAPHQL_URL).netloc,
                                                 api_key=settings.APPSYNC_API_KEY),
                keep_alive_timeout=None, connect_timeout=5,
            )
            try:
                async with Client(transport=transport) as session:
                    request = gql(SUBSCRIPTION)
                    request.variable_values = {"channel": channel}
                    subscription = session.subscribe(request)
                    ack = asyncio.ensure_future(subscription.__anext__())
                    await asyncio.sleep(0.3)  # the start_ack has arrived by now (simulator and AWS alike)
                    self.connected[channel].set()
                    if not first:
                        self._fan_out(channel, RESYNC)  # events published while we were away: read the table
                    first, delay = False, 0.2
                    result = await ack
                    while True:
                        event = result["onChannelEvent"]
                        if event and event["channel"] == channel:  # the simulator ignores argument filters
                            self._fan_out(channel, ChannelEvent.from_appsync(event))
                        result = await subscription.__anext__()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # dropped or unreachable: back off and reconnect
                log.info("AppSync subscription for channel %s lost (%s); reconnecting", channel, exc)
            if channel in self.connected:
                self.connected[channel].clear()
            await asyncio.sleep(delay + random.uniform(0, delay / 2))
            delay = min(delay * 2, 5.0)


def realtime_url(graphql_url: str) -> str:
    """AppSync's realtime endpoint: wss://X.appsync-realtime-api... in AWS; ws://host/graphql/realtime locally."""
    parsed = urlparse(graphql_url)
    if parsed.netloc.endswith("amazonaws.com"):
        host = parsed.netloc.replace("appsync-api", "appsync-realtime-api")
        return f"wss://{host}{parsed.path}"
    return f"ws://{parsed.netloc}{parsed.path}/realtime"


hub: Optional[Hub] = None


def get_hub() -> Hub:
    global hub
    if hub is None:
        hub = Hub()
    return hub
