"""The deal room's unit of work: commerce's stores (the quote is a cart) plus the deal's own, on ONE
transaction, so a deal change, its cart intents and its event commit together."""
from __future__ import annotations

from collections.abc import Callable

from commerce.persistence.uow import UnitOfWork
from dealroom.persistence.ai_usage import AiUsageStore
from dealroom.persistence.deals import DealStore
from dealroom.persistence.drafts import DraftStore
from dealroom.persistence.events import EventStore
from dealroom.persistence.insights import InsightStore
from dealroom.persistence.invites import InviteStore
from dealroom.persistence.members import MemberStore
from dealroom.persistence.quote_markers import QuoteMarkerStore


class DealUnitOfWork(UnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.deals = DealStore(self.tx)
        self.members = MemberStore(self.tx)
        self.events = EventStore(self.tx)
        self.invites = InviteStore(self.tx)
        self.quote_markers = QuoteMarkerStore(self.tx)
        self.insights = InsightStore(self.tx)
        self.drafts = DraftStore(self.tx)
        self.ai_usage = AiUsageStore(self.tx)


class Factories:
    dealroom: Callable[[], DealUnitOfWork] = DealUnitOfWork


def unit_of_work() -> DealUnitOfWork:
    return Factories.dealroom()
