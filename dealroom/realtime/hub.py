"""One upstream AppSync subscription per deal per process, shared by every local socket of that deal
(reference counted), reconnected with backoff when AppSync drops. Local sockets get events through
asyncio queues; after an upstream reconnect they are told to resync from the table, so nothing published
while the upstream was down is lost."""
from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Optional
from urllib.parse import urlparse

from django.conf import settings

log = logging.getLogger(__name__)

SUBSCRIPTION = """
subscription OnDealEvent($dealId: ID!) {
  onDealEvent(dealId: $dealId) { dealId seq type occurredAt payload }
}
"""
RESYNC = {"type": "_resync"}


class DealHub:
    def __init__(self) -> None:
        self.listeners: dict[str, set[asyncio.Queue]] = {}
        self.tasks: dict[str, asyncio.Task] = {}
        self.connected: dict[str, asyncio.Event] = {}

    async def join(self, deal_id: str) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue()
        self.listeners.setdefault(deal_id, set()).add(queue)
        if deal_id not in self.tasks:
            self.connected[deal_id] = asyncio.Event()
            self.tasks[deal_id] = asyncio.create_task(self._upstream(deal_id))
        try:  # wait (briefly) for the subscription to be acknowledged, so replay + live leave no gap
            await asyncio.wait_for(self.connected[deal_id].wait(), timeout=5)
        except asyncio.TimeoutError:
            log.warning("AppSync subscription for deal %s not ready; the socket resyncs when it is", deal_id)
        return queue

    def leave(self, deal_id: str, queue: asyncio.Queue) -> None:
        queues = self.listeners.get(deal_id, set())
        queues.discard(queue)
        if not queues:
            self.listeners.pop(deal_id, None)
            task = self.tasks.pop(deal_id, None)
            self.connected.pop(deal_id, None)
            if task:
                task.cancel()

    def upstream_count(self) -> int:
        return len(self.tasks)

    def _fan_out(self, deal_id: str, message: dict) -> None:
        for queue in list(self.listeners.get(deal_id, ())):
            queue.put_nowait(message)

    async def _upstream(self, deal_id: str) -> None:
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
                    request.variable_values = {"dealId": deal_id}
                    subscription = session.subscribe(request)
                    ack = asyncio.ensure_future(subscription.__anext__())
                    await asyncio.sleep(0.3)  # the start_ack has arrived by now (simulator and AWS alike)
                    self.connected[deal_id].set()
                    if not first:
                        self._fan_out(deal_id, RESYNC)  # events published while we were away: read the table
                    first, delay = False, 0.2
                    result = await ack
                    while True:
                        event = result["onDealEvent"]
                        if event and event["dealId"] == deal_id:  # the simulator ignores argument filters
                            self._fan_out(deal_id, from_appsync(event))
                        result = await subscription.__anext__()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # dropped or unreachable: back off and reconnect
                log.info("AppSync subscription for deal %s lost (%s); reconnecting", deal_id, exc)
            if deal_id in self.connected:
                self.connected[deal_id].clear()
            await asyncio.sleep(delay + random.uniform(0, delay / 2))
            delay = min(delay * 2, 5.0)


def realtime_url(graphql_url: str) -> str:
    """AppSync's realtime endpoint: wss://X.appsync-realtime-api... in AWS; ws://host/graphql/realtime locally."""
    parsed = urlparse(graphql_url)
    if parsed.netloc.endswith("amazonaws.com"):
        host = parsed.netloc.replace("appsync-api", "appsync-realtime-api")
        return f"wss://{host}{parsed.path}"
    return f"ws://{parsed.netloc}{parsed.path}/realtime"


def from_appsync(event: dict) -> dict:
    body = json.loads(event["payload"]) if isinstance(event["payload"], str) else event["payload"]
    return {"deal_id": event["dealId"], "seq": int(event["seq"]), "type": event["type"],
            "actor": body.get("actor", ""), "at": body.get("at"), "payload": body.get("payload", {})}


hub: Optional[DealHub] = None


def get_hub() -> DealHub:
    global hub
    if hub is None:
        hub = DealHub()
    return hub
