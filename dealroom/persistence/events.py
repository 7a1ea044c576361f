"""The deal event store: DEAL#<id> / EVENT#<seq>, the activity log AND the realtime/fan-out outbox.
Each event is written in its change's transaction, its full payload kept (every audience's fields):
what a reader may see is decided when it is read (dealroom.domain.events)."""
from __future__ import annotations

import json
from typing import Optional

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from commerce.domain.events import Event
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction
from dealroom.domain.erasure import LoggedEvent
from dealroom.domain.events import Committed, from_stored
from dealroom.persistence import keys


class DealEventItem(TableItem, discriminator="DealEvent"):
    deal_id = UnicodeAttribute()
    seq = NumberAttribute()
    type = UnicodeAttribute()
    version = NumberAttribute(default=1)  # the event type's schema version when written
    actor = UnicodeAttribute(default="")
    actor_user_id = UnicodeAttribute(null=True)  # a committee member's user id (staff and systems: none)
    at = NumberAttribute()
    payload = UnicodeAttribute(default="{}")
    correlation_id = UnicodeAttribute(null=True)  # the request / Stripe event that caused it (observability)

    def to_domain(self) -> Committed:
        return Committed(deal_id=self.deal_id, seq=int(self.seq), type=self.type, actor=self.actor or "",
                         at=int(self.at), event=from_stored(self.type, json.loads(self.payload or "{}")),
                         correlation_id=self.correlation_id, actor_user_id=self.actor_user_id or None)


class EventStore:
    LABEL = "event"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def after(self, deal_id: str, *, seq: int, limit: int) -> list[Committed]:
        """Events after `seq`, oldest first."""
        query = DealEventItem.query(keys.deal_pk(deal_id), DealEventItem.sk.between(keys.event_sk(seq + 1),
                                                                                     keys.event_sk(keys.LAST_SEQ)),
                                    limit=limit, consistent_read=True)
        return [item.to_domain() for item in query]

    def newest(self, deal_id: str, *, limit: int) -> list[Committed]:
        query = DealEventItem.query(keys.deal_pk(deal_id), DealEventItem.sk.startswith(keys.EVENT_PREFIX),
                                    scan_index_forward=False, limit=limit, consistent_read=True)
        return [item.to_domain() for item in query]

    def logged(self, deal_id: str) -> list[LoggedEvent]:
        """The deal's whole log as stored (full payloads, who made each), oldest first."""
        query = DealEventItem.query(keys.deal_pk(deal_id), DealEventItem.sk.startswith(keys.EVENT_PREFIX),
                                    consistent_read=True)
        return [LoggedEvent(deal_id=item.deal_id, seq=int(item.seq), type=item.type,
                            payload=json.loads(item.payload or "{}"), actor=item.actor or "",
                            actor_user_id=item.actor_user_id or None, at=int(item.at)) for item in query]

    def rewrite(self, event: LoggedEvent, *, label: str = LABEL) -> None:
        """A logged event's payload and actor redacted in place (an erasure). The stream sees a MODIFY, which
        the publishers ignore: only new events (INSERT) are news."""
        actions = [DealEventItem.payload.set(json.dumps(event.payload, separators=(",", ":"))),
                   DealEventItem.actor.set(event.actor)]
        actions.append(DealEventItem.actor_user_id.set(event.actor_user_id) if event.actor_user_id
                       else DealEventItem.actor_user_id.remove())
        self.tx.update(DealEventItem(keys.deal_pk(event.deal_id), keys.event_sk(event.seq)), actions,
                       condition=DealEventItem.pk.exists(), label=label)

    def add(self, *, deal_id: str, seq: int, event: Event, actor: str, actor_user_id: Optional[str], at: int,
            label: str = LABEL, correlation_id: Optional[str] = None) -> Committed:
        self.tx.put(DealEventItem(
            keys.deal_pk(deal_id), keys.event_sk(seq), deal_id=deal_id, seq=seq, type=event.TYPE,
            version=event.VERSION, actor=actor, actor_user_id=actor_user_id, at=at,
            payload=json.dumps(event.as_payload("staff"), separators=(",", ":")), correlation_id=correlation_id,
        ), condition=DealEventItem.pk.does_not_exist(), label=label)
        return Committed(deal_id=deal_id, seq=seq, type=event.TYPE, actor=actor, at=at, event=event,
                         correlation_id=correlation_id)
