"""Order status goes live through the same path as deal events: a stream handler publishes each status
change of an ORDER item to AppSync on the channel `order-<id>` (seq = the order's version), and the gateway's
order socket forwards it. The order id is the capability, as for the order page itself."""
from __future__ import annotations

from commerce import clock
from dealroom.realtime import publisher


def channel(order_id: str) -> str:
    return f"order-{order_id}"


def publish_order_status(record: dict) -> None:
    if record.get("eventName") not in ("INSERT", "MODIFY"):
        return
    new, old = record["dynamodb"].get("NewImage", {}), record["dynamodb"].get("OldImage", {})
    status = new.get("status", {}).get("S")
    if not status or status == old.get("status", {}).get("S"):
        return
    publisher.publish(publisher.DealEventMessage(
        deal_id=channel(new["order_id"]["S"]), seq=int(new.get("version", {}).get("N", "1")), type="order.status",
        occurred_at=clock.iso(clock.now()), payload={"actor": "", "at": clock.now(), "payload": {"status": status}},
    ))
