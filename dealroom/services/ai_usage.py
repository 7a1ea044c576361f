"""The stored UsageLedger (dealroom.intelligence.usage's Protocol): a model's tokens and cost per deal per day
in DEAL#<id> / AIUSAGE#<day>, read before a call for the cap and added to with one atomic write after it."""
from __future__ import annotations

from dealroom.intelligence.usage import DailyUsage
from dealroom.persistence.uow import unit_of_work


class StoredUsageLedger:
    def usage(self, *, deal_id: str, day: str) -> DailyUsage:
        return unit_of_work().ai_usage.get(deal_id=deal_id, day=day)

    def add(self, *, deal_id: str, day: str, input_tokens: int, output_tokens: int, cost: int) -> DailyUsage:
        u = unit_of_work()
        written = u.ai_usage.add(deal_id=deal_id, day=day, input_tokens=input_tokens, output_tokens=output_tokens,
                                 cost=cost)
        u.commit()  # one unconditional ADD: nothing to plan again
        return written()


def ai_usage_get(*, deal_id: str, day: str) -> DailyUsage:
    return StoredUsageLedger().usage(deal_id=deal_id, day=day)
