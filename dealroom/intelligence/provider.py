"""Deal insights from the configured provider: the deterministic engine, or Amazon Bedrock with the engine as
its fallback. The entry point for the services; nothing here stores anything.

    result = deal_insights_generate(snapshot=snapshot, usage=ledger.usage(deal_id=..., day=usage_day(now)))
    ledger.add(deal_id=..., day=result.day, input_tokens=result.input_tokens, ...)   # or deal_insights_metered
"""
from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from typing import Any, Optional

from dealroom.domain.intelligence import DealSnapshot, Insights, deal_insights
from dealroom.intelligence import bedrock
from dealroom.intelligence.config import ProviderConfig, provider_config
from dealroom.intelligence.output import MalformedOutput, checked, merged
from dealroom.intelligence.prompt import converse_request, prompt_hash, prompt_tokens
from dealroom.intelligence.schema import TOOL_NAME
from dealroom.intelligence.usage import DailyUsage, UsageLedger, usage_day, within_budget

log = logging.getLogger(__name__)

# Why a Bedrock generation fell back to the engine.
FALLBACK_REASONS = ("budget_exhausted", "throttled", "timeout", "access_denied", "malformed_output",
                    "invalid_request", "unavailable", "model_error", "error")


@dataclass(frozen=True)
class InsightResult:
    insights: Insights
    provider: str  # who wrote these insights: "engine" or "bedrock"
    requested_provider: str  # QUORUM_AI_PROVIDER when they were generated
    model_id: Optional[str]  # the model asked, if one was
    prompt_hash: Optional[str]  # sha256 of the exact Converse request
    latency_ms: int  # the whole generation, engine included
    input_tokens: int  # billed by Bedrock (also when its answer was refused)
    output_tokens: int
    cost: int  # micro-USD
    fell_back: bool
    fallback_reason: Optional[str]  # one of FALLBACK_REASONS
    detail: str  # the provider's error, or what was wrong with its answer
    day: str  # the usage day (UTC) the tokens count against

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def deal_insights_generate(*, snapshot: DealSnapshot, usage: DailyUsage, config: Optional[ProviderConfig] = None,
                           client: Optional[bedrock.ConverseClient] = None) -> InsightResult:
    """`usage` is what the deal already used today (for the cap); the result says what this call used."""
    config = config or provider_config()
    began = time.perf_counter()
    engine = deal_insights(snapshot=snapshot)
    day = usage_day(snapshot.now)
    if usage.deal_id != snapshot.deal_id or usage.day != day:
        raise ValueError(f"usage is for {usage.deal_id} on {usage.day}, not {snapshot.deal_id} on {day}")
    base = dict(requested_provider=config.provider, day=day)
    if config.provider == "engine":
        return InsightResult(insights=engine, provider="engine", model_id=None, prompt_hash=None,
                             latency_ms=_ms(began), input_tokens=0, output_tokens=0, cost=0, fell_back=False,
                             fallback_reason=None, detail="", **base)
    request = converse_request(snapshot=snapshot, engine=engine, model_id=config.model_id,
                               max_tokens=config.max_output_tokens, include_notes=config.include_internal_notes)
    asked = dict(model_id=config.model_id, prompt_hash=prompt_hash(request), **base)

    def fallback(reason: str, detail: str, input_tokens: int = 0, output_tokens: int = 0) -> InsightResult:
        log.warning("deal %s: bedrock fell back to the engine (%s): %s", snapshot.deal_id, reason, detail)
        return InsightResult(insights=engine, provider="engine", latency_ms=_ms(began), input_tokens=input_tokens,
                             output_tokens=output_tokens, fell_back=True, fallback_reason=reason, detail=detail,
                             cost=config.prices.cost(input_tokens=input_tokens, output_tokens=output_tokens), **asked)

    if not within_budget(usage=usage, budget=config.budget, prices=config.prices,
                         input_tokens=prompt_tokens(request), output_tokens=config.max_output_tokens):
        return fallback("budget_exhausted", f"used {usage.input_tokens + usage.output_tokens} tokens and "
                                            f"{usage.cost} micro-USD today")
    try:
        reply = bedrock.converse(client=client or bedrock.client_for(config), request=request, tool_name=TOOL_NAME)
    except bedrock.ProviderFailure as failure:
        return fallback(failure.reason, failure.detail)
    used = (reply.input_tokens, reply.output_tokens)
    if reply.tool_input is None or reply.stop_reason != "tool_use":
        return fallback("malformed_output", f"no {TOOL_NAME} call (stop reason {reply.stop_reason})", *used)
    try:
        answer = checked(reply.tool_input, schema=request["toolConfig"]["tools"][0]["toolSpec"]["inputSchema"]["json"])
    except MalformedOutput as error:
        return fallback("malformed_output", str(error)[:300], *used)
    return InsightResult(insights=merged(engine, answer), provider="bedrock", latency_ms=_ms(began),
                         input_tokens=used[0], output_tokens=used[1], fell_back=False, fallback_reason=None,
                         cost=config.prices.cost(input_tokens=used[0], output_tokens=used[1]), detail="", **asked)


def deal_insights_metered(*, snapshot: DealSnapshot, ledger: UsageLedger, config: Optional[ProviderConfig] = None,
                          client: Optional[bedrock.ConverseClient] = None) -> InsightResult:
    """Read today's usage from the ledger, generate, and add what the call used."""
    usage = ledger.usage(deal_id=snapshot.deal_id, day=usage_day(snapshot.now))
    result = deal_insights_generate(snapshot=snapshot, usage=usage, config=config, client=client)
    if result.input_tokens or result.output_tokens:
        ledger.add(deal_id=snapshot.deal_id, day=result.day, input_tokens=result.input_tokens,
                   output_tokens=result.output_tokens, cost=result.cost)
    return result


def _ms(began: float) -> int:
    return round((time.perf_counter() - began) * 1000)
