"""Tokens and cost per deal per day, and the cap. Pure Python.

The caller keeps the figures (where is the caller's business: a `UsageLedger`); the provider takes today's
usage for the deal, refuses a call that could cross the cap, and reports what the call used. Costs are
integers in micro-dollars (1 USD = 1,000,000), never floats."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol


def micro_usd(usd: str) -> int:
    """"0.25" -> 250000."""
    return int(Decimal(usd) * 1_000_000)


def usage_day(epoch_seconds: int) -> str:
    return datetime.fromtimestamp(epoch_seconds, tz=UTC).strftime("%Y-%m-%d")


@dataclass(frozen=True)
class Prices:
    input_per_mtok: int  # micro-USD per million input tokens
    output_per_mtok: int

    def cost(self, *, input_tokens: int, output_tokens: int) -> int:
        """Micro-USD, rounded up."""
        total = input_tokens * self.input_per_mtok + output_tokens * self.output_per_mtok
        return -(-total // 1_000_000)


@dataclass(frozen=True)
class Budget:
    cost_per_deal_per_day: int  # micro-USD
    tokens_per_deal_per_day: int


@dataclass(frozen=True)
class DailyUsage:
    deal_id: str
    day: str  # YYYY-MM-DD, UTC
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: int = 0  # micro-USD

    def plus(self, *, input_tokens: int, output_tokens: int, cost: int) -> DailyUsage:
        return replace(self, calls=self.calls + 1, input_tokens=self.input_tokens + input_tokens,
                       output_tokens=self.output_tokens + output_tokens, cost=self.cost + cost)


def within_budget(*, usage: DailyUsage, budget: Budget, prices: Prices, input_tokens: int, output_tokens: int) -> bool:
    """Could a call of this size (its prompt, its maximum answer) run without crossing either cap?"""
    tokens = usage.input_tokens + usage.output_tokens + input_tokens + output_tokens
    cost = usage.cost + prices.cost(input_tokens=input_tokens, output_tokens=output_tokens)
    return tokens <= budget.tokens_per_deal_per_day and cost <= budget.cost_per_deal_per_day


class UsageLedger(Protocol):
    """Where usage is kept (the lead's store: e.g. DEAL#id / AIUSAGE#day, one ADD per call)."""

    def usage(self, *, deal_id: str, day: str) -> DailyUsage: ...

    def add(self, *, deal_id: str, day: str, input_tokens: int, output_tokens: int, cost: int) -> DailyUsage: ...


class MemoryUsageLedger:
    """A UsageLedger in memory: for tests and the benchmark."""

    def __init__(self) -> None:
        self.days: dict[tuple[str, str], DailyUsage] = {}

    def usage(self, *, deal_id: str, day: str) -> DailyUsage:
        return self.days.get((deal_id, day), DailyUsage(deal_id=deal_id, day=day))

    def add(self, *, deal_id: str, day: str, input_tokens: int, output_tokens: int, cost: int) -> DailyUsage:
        updated = self.usage(deal_id=deal_id, day=day).plus(input_tokens=input_tokens, output_tokens=output_tokens,
                                                            cost=cost)
        self.days[(deal_id, day)] = updated
        return updated
