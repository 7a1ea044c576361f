"""The AI usage store: DEAL#<id> / AIUSAGE#<day>, a model's calls, tokens and cost (micro-USD) for one deal on
one UTC day: the per-deal daily cap reads it before a call, and each call adds to it with one atomic ADD.
TTL 35 days after the day."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce import clock
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction
from dealroom.intelligence.usage import DailyUsage
from dealroom.persistence import keys

RETENTION = 35 * 86400


class AiUsageItem(TableItem, discriminator="AiUsage"):
    deal_id = UnicodeAttribute()
    day = UnicodeAttribute()
    calls = NumberAttribute(default=0)
    input_tokens = NumberAttribute(default=0)
    output_tokens = NumberAttribute(default=0)
    cost = NumberAttribute(default=0)

    def to_domain(self) -> DailyUsage:
        return DailyUsage(deal_id=self.deal_id, day=self.day, calls=int(self.calls or 0),
                          input_tokens=int(self.input_tokens or 0), output_tokens=int(self.output_tokens or 0),
                          cost=int(self.cost or 0))


def _day_start(day: str) -> int:
    return int(datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC).timestamp())


class AiUsageStore:
    LABEL = "ai_usage"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, *, deal_id: str, day: str) -> DailyUsage:
        try:
            return AiUsageItem.get(keys.deal_pk(deal_id), keys.ai_usage_sk(day), consistent_read=True).to_domain()
        except DoesNotExist:
            return DailyUsage(deal_id=deal_id, day=day)

    def add(self, *, deal_id: str, day: str, input_tokens: int, output_tokens: int,
            cost: int) -> Callable[[], DailyUsage]:
        """One call's usage, added atomically (concurrent calls never lose each other's). Returns a reader of
        the day's totals as written (for a commit of this one write)."""
        item = AiUsageItem(keys.deal_pk(deal_id), keys.ai_usage_sk(day))
        self.tx.update(item, [
            AiUsageItem.entity.set(AiUsageItem), AiUsageItem.deal_id.set(deal_id), AiUsageItem.day.set(day),
            AiUsageItem.calls.add(1),
            AiUsageItem.input_tokens.add(input_tokens), AiUsageItem.output_tokens.add(output_tokens),
            AiUsageItem.cost.add(cost), AiUsageItem.expires_at.set(clock.ttl(_day_start(day) + RETENTION)),
        ], label=self.LABEL)
        return item.to_domain
