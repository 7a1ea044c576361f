"""The order page on the realtime path: each status change of an ORDER item is published on the channel
`order:<id>` (seq = the order's version) from the table's stream, and the socket /ws/orders/<id>/ sends
the status now and then every change. The order id is the capability, as for the order page itself (a
deal's order only for the members who may see it)."""
from __future__ import annotations

import json
from typing import Optional

from commerce import clock
from commerce.access import may_read_order
from commerce.domain.order_events import status_change
from commerce.errors import NotFound
from commerce.services import selectors
from commerce.streams import Change
from realtime import publisher
from realtime.consumers import ChannelConsumer
from realtime.publisher import ChannelEvent


def order_channel(order_id: str) -> str:
    return f"order:{order_id}"


def publish_order_status(change: Change) -> None:
    if change.name not in ("INSERT", "MODIFY") or change.new is None:
        return
    event = status_change(change.old, change.new)
    if event is None:
        return
    publisher.publish(ChannelEvent(channel=order_channel(event.order_id), seq=event.order_version,
                                   type=event.TYPE, occurred_at=clock.iso(clock.now()),
                                   payload={"status": event.status}))


def _frame(status: str, version: int) -> str:
    return json.dumps({"kind": "order", "status": status, "version": version})


class OrderStatusConsumer(ChannelConsumer):
    """The order's status now, then every change; it never goes backwards on screen."""

    def channel_for(self) -> str:
        return order_channel(self.scope["url_route"]["kwargs"]["order_id"])

    def authorize(self) -> None:
        order = selectors.order_get(order_id=self.scope["url_route"]["kwargs"]["order_id"])
        if not may_read_order(self.scope["session"], order):
            raise NotFound("no such order")

    def catch_up(self, after: int) -> list[tuple[int, str]]:
        order = selectors.order_get(order_id=self.scope["url_route"]["kwargs"]["order_id"])
        return [(order.version, _frame(order.status, order.version))] if order.version > after else []

    def frame(self, message: ChannelEvent) -> Optional[str]:
        return _frame(message.payload["status"], message.seq)
