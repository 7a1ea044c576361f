"""Every change to a deal is ONE transaction that also appends DEAL#<id> / EVENT#<seq>: the activity log
and the outbox every subscriber reads. The sequence number is allocated in that same transaction (the
deal's last_event_seq moves from n-1 to n under a condition), so events are gapless and ordered.

`deal_change` reads the deal, lets `plan` add the change's intents (commerce's cart intents included) and
name its event, and commits once; when another change took the sequence number first it plans again,
within the retry policy's budget."""
from __future__ import annotations

from collections.abc import Callable
from typing import Optional

from commerce import clock
from commerce.domain.events import Event
from commerce.errors import NotFound
from commerce.persistence import retry
from commerce.persistence.transaction import TransactionCanceled
from config.observability import context
from dealroom import observe
from dealroom.domain.deals import Deal, DealChange
from dealroom.domain.events import Committed
from dealroom.persistence.uow import DealUnitOfWork, unit_of_work

Plan = Callable[[DealUnitOfWork, Deal, DealChange], Event]  # adds the change's intents, returns its event
Refused = Callable[[TransactionCanceled], None]  # explains a refusal of the plan's own conditions


class DealPinFailed(Exception):
    """expect(deal) was false for the deal as read: the caller's expectation no longer holds."""

    def __init__(self, deal: Deal) -> None:
        super().__init__(f"deal {deal.id} changed")
        self.deal = deal


def deal_read(deal_id: str) -> Deal:
    deal = unit_of_work().deals.get(deal_id)
    if deal is None:
        raise NotFound("no such deal")
    return deal


def deal_change(*, deal_id: str, plan: Plan, actor: str = "", actor_user_id: Optional[str] = None,
                expect: Optional[Callable[[Deal], bool]] = None, refused: Optional[Refused] = None,
                count_action: bool = True) -> tuple[Deal, Committed]:
    """Returns the deal as read (before the change) and the committed event. `expect(deal)` is checked on
    the deal as read (a pinned version, say); the write is conditioned on the sequence number read, and
    every change to a deal moves it, so the check holds at commit too. `refused(exc)` turns a failure of
    the plan's own conditions into the domain's answer (or raises retry.Replan to plan again).
    `actor_user_id` records which member made the change (and counts it on their engagement, unless
    `count_action` is off: a member joining is written in the same transaction)."""
    def attempt() -> tuple[Deal, Committed]:
        u = unit_of_work()
        deal = u.deals.get(deal_id)
        if deal is None:
            raise NotFound("no such deal")
        if expect is not None and not expect(deal):
            raise DealPinFailed(deal)
        change = DealChange()
        event = plan(u, deal, change)
        seq, now = deal.last_event_seq + 1, clock.now()
        u.deals.advance(deal, seq=seq, now=now, change=change)
        committed = u.events.add(deal_id=deal_id, seq=seq, event=event, actor=actor, actor_user_id=actor_user_id,
                                 at=now, correlation_id=context.correlation_id())
        if actor_user_id and count_action:
            u.members.count_action(deal_id=deal_id, user_id=actor_user_id, now=now)
        with observe.change_span(deal, event, now=now) as span:
            try:
                u.commit()
            except TransactionCanceled as exc:
                if exc.conflict or exc.failed("deal") or exc.failed("event"):
                    span.annotate(outcome="replanned")
                    replan = True  # another change took the sequence number: plan again
                else:
                    span.annotate(outcome="refused")
                    if refused is not None:
                        refused(exc)
                    raise
            else:
                replan = False
                span.annotate(outcome="committed", seq=seq)
        if replan:
            raise retry.Replan()
        observe.committed(event)
        return deal, committed

    return retry.attempt(attempt, busy="this deal is busy right now (others are changing it); try again")
