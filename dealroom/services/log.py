"""Every change to a deal is ONE transaction that also appends DEAL#<id> / EVENT#<seq>: the activity log
and the realtime outbox. The sequence number is allocated in that same transaction (the deal's
last_event_seq moves from n-1 to n under a condition), so events are gapless and ordered."""
from __future__ import annotations

import json
import random
import time
from typing import Callable, Optional

from commerce import clock
from commerce.persistence.transaction import Transaction, TransactionCanceled
from dealroom import persistence as p
from dealroom.domain.deals import Deal
from dealroom.persistence import DealEventItem, DealItem, MemberItem

Build = Callable[[Deal, Transaction], dict]  # adds the change to the transaction, returns the event


class SeqConflict(Exception):
    pass


class DealPinFailed(Exception):
    """expect(deal) was false for the deal as read: the caller's expectation no longer holds."""

    def __init__(self, deal: Deal) -> None:
        super().__init__(f"deal {deal.id} changed")
        self.deal = deal


def deal_read(deal_id: str) -> Deal:
    from pynamodb.exceptions import DoesNotExist

    from commerce.errors import NotFound

    try:
        return DealItem.get(p.deal_pk(deal_id), p.DEAL_SK, consistent_read=True).to_domain()
    except DoesNotExist:
        raise NotFound("no such deal") from None


def commit_with_event(*, deal_id: str, build: Build, actor_user_id: Optional[str] = None,
                      deal_actions: Callable[[Deal], list] = lambda deal: [],
                      expect: Optional[Callable[[Deal], bool]] = None, attempts: int = 12) -> tuple[Deal, dict]:
    """Run build(deal, tx) and append its event, retrying (with jitter) only when another change took the
    next sequence number first. Failures of the change's own conditions propagate to the caller.
    `expect(deal)` is checked on the deal as read (a pinned version, say); since the write is conditioned on
    the sequence number read, and every change to a deal moves it, the check holds at commit too."""
    for attempt in range(attempts):
        deal = deal_read(deal_id)
        tx = Transaction()
        event = build(deal, tx)
        seq, now = deal.last_event_seq + 1, clock.now()
        if expect is not None and not expect(deal):
            raise DealPinFailed(deal)
        tx.update(DealItem(p.deal_pk(deal_id), p.DEAL_SK),
                  [DealItem.last_event_seq.set(seq), DealItem.last_activity_at.set(now), *deal_actions(deal)],
                  condition=DealItem.last_event_seq == deal.last_event_seq, label="deal")
        record = {"deal_id": deal_id, "seq": seq, "type": event["type"], "actor": event.get("actor", ""),
                  "at": now, "payload": event.get("payload", {})}
        tx.put(DealEventItem(p.deal_pk(deal_id), p.event_sk(seq), deal_id=deal_id, seq=seq, type=record["type"],
                             actor=record["actor"], at=now, payload=json.dumps(record["payload"], separators=(",", ":"))),
               condition=DealEventItem.pk.does_not_exist(), label="event")
        if actor_user_id:
            tx.update(MemberItem(p.deal_pk(deal_id), p.member_sk(actor_user_id)),
                      [MemberItem.actions.add(1), MemberItem.last_seen_at.set(now)], label="member")
        try:
            tx.commit()
            return deal, record
        except TransactionCanceled as exc:
            if exc.failed("deal") or exc.failed("event") or exc.conflict:
                time.sleep(random.uniform(0, 0.01 * 2 ** min(attempt, 5)))
                continue
            raise
    raise SeqConflict(f"deal {deal_id} is too busy right now; try again")
