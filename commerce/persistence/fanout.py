"""FANOUT#<stage> / <ms>#<random>: one item per batch the fan-out put on the bus (what went, to whom), kept a
few days for the admin's Integrations page. Written after EventBridge took the batch."""
from __future__ import annotations

import json
import uuid
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from commerce import clock
from commerce.persistence import keys
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction

RETENTION = 3 * 24 * 3600


class PublishedBatchItem(TableItem, discriminator="FanoutBatch"):
    at = NumberAttribute()
    events = UnicodeAttribute()  # JSON list of {id, type, detail_type, subject, vendors}


class PublishedStore:
    LABEL = "published"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def add(self, *, stage: str, events: list[dict[str, Any]], at_ms: int) -> None:
        self.tx.put(PublishedBatchItem(keys.fanout_pk(stage), keys.fanout_sk(at_ms, uuid.uuid4().hex[:8]),
                                       at=at_ms // 1000, events=json.dumps(events, separators=(",", ":")),
                                       expires_at=clock.ttl(at_ms // 1000 + RETENTION)), label=self.LABEL)

    def newest(self, *, stage: str, limit: int) -> list[dict[str, Any]]:
        """The newest published events, newest first (each with `at`, epoch seconds)."""
        found: list[dict[str, Any]] = []
        for item in PublishedBatchItem.query(keys.fanout_pk(stage), scan_index_forward=False, page_size=limit):
            for event in reversed(json.loads(item.events)):
                found.append({**event, "at": int(item.at)})
                if len(found) >= limit:
                    return found
        return found
