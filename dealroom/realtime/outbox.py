"""The outbox publisher: each new DEAL#<id> / EVENT#<seq> item (written in the same transaction as its
change) is published to AppSync's publishDealEvent. At-least-once; every event carries its seq."""
from __future__ import annotations

import json

from dealroom.realtime import publisher


def publish_deal_event(record: dict) -> None:
    if record.get("eventName") != "INSERT":
        return
    image = record["dynamodb"]["NewImage"]
    from commerce import clock

    publisher.publish(publisher.DealEventMessage(
        deal_id=image["deal_id"]["S"], seq=int(image["seq"]["N"]), type=image["type"]["S"],
        occurred_at=clock.iso(int(image["at"]["N"])),
        payload={"actor": image.get("actor", {}).get("S", ""), "at": int(image["at"]["N"]),
                 "payload": json.loads(image.get("payload", {}).get("S") or "{}")},
    ))
