"""The Bedrock provider's pure parts: the output schema and its checker, merging, the minimised prompt, usage
and the cap, settings. (The calls themselves are tested through the stand-in in tests/integration.)"""
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from dealroom.domain.intelligence import PaymentState, SubscriptionHealth, deal_insights
from dealroom.intelligence.config import ProviderConfig, provider_config
from dealroom.intelligence.output import MalformedOutput, checked, merged
from dealroom.intelligence.prompt import converse_request, minimised, prompt_hash, scrub
from dealroom.intelligence.schema import insights_schema, problems
from dealroom.intelligence.usage import (
    Budget,
    DailyUsage,
    MemoryUsageLedger,
    Prices,
    micro_usd,
    usage_day,
    within_budget,
)
from tests.unit.intelligence_deals import KNOWN, NOW, snap

ROOT = Path(__file__).resolve().parents[2]
ACTION = {"title": "Call legal", "reason": "They must approve", "evidence": ["silent 6 days"], "role": "legal"}
ANSWER = {"summary": "Close is near.", "next_best_actions": [ACTION, {**ACTION, "role": "seller"}],
          "talking_points": [{"objection": "Too dear", "response": "Teach the cost of waiting",
                              "grounded_in": ["identified_pain", "identified_pain"]}]}


# --- schema -----------------------------------------------------------------------------------------
def test_a_valid_answer_has_no_problems_and_each_kind_of_fault_is_named():
    schema = insights_schema(triggers=())
    assert problems(ANSWER, schema) == []
    assert "drafts" not in schema["properties"]
    faults = {
        "$: missing summary": {k: v for k, v in ANSWER.items() if k != "summary"},
        "$: unexpected score": {**ANSWER, "score": 80},
        "$.next_best_actions: 0 items, expected 1-5": {**ANSWER, "next_best_actions": []},
        "$.next_best_actions[0].role: 'cfo' is not one of":
            {**ANSWER, "next_best_actions": [{**ACTION, "role": "cfo"}]},
        "$.next_best_actions[0].evidence: expected array": {**ANSWER,
                                                            "next_best_actions": [{**ACTION, "evidence": "x"}]},
        "$.summary: length 0 outside 1-400": {**ANSWER, "summary": "   "},
        "$.talking_points: expected array": {**ANSWER, "talking_points": 3},
    }
    for expected, answer in faults.items():
        assert any(p.startswith(expected) for p in problems(answer, schema)), (expected, problems(answer, schema))
    assert problems(True, {"type": "integer"}) == ["$: expected integer"]


def test_drafts_are_asked_for_exactly_when_they_apply():
    schema = insights_schema(triggers=("paid",))
    drafts = schema["properties"]["drafts"]
    trigger = drafts["items"]["properties"]["trigger"]["enum"]
    assert (drafts["minItems"], drafts["maxItems"], trigger) == (1, 1, ["paid"])
    assert "drafts" in schema["required"]
    two = insights_schema(triggers=("paid", "fully_approved"))
    draft = {"trigger": "paid", "subject": "Thanks", "body": "Thank you"}
    with pytest.raises(MalformedOutput, match="one draft per trigger"):
        checked({**ANSWER, "drafts": [draft, draft]}, schema=two)
    with pytest.raises(MalformedOutput, match="missing drafts"):
        checked(ANSWER, schema=schema)


def test_merging_keeps_the_engines_score_and_takes_the_models_language():
    engine = deal_insights(snapshot=snap(approved=("economic_buyer", "technical_buyer", "legal"),
                                         payment=PaymentState(state="paid", method="card", amount=100)))
    draft = {"trigger": "paid", "subject": " Thanks ", "body": "Thank you"}
    insights = merged(engine, checked({**ANSWER, "drafts": [draft]}, schema=insights_schema(triggers=("paid",))))
    assert insights.score == engine.score and insights.churn == engine.churn
    assert [(a.kind, a.role, a.priority) for a in insights.actions] == [("model", "legal", 2), ("model", None, 1)]
    assert insights.talking_points[0].grounded_in == ("identified_pain",)
    assert (insights.drafts[0].subject, insights.drafts[0].to_roles) == ("Thanks", engine.drafts[0].to_roles)


# --- prompt -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("mail dana.ruiz@northwind.test today", "mail [email] today"),
    ("join at https://quorum.example/deals/d1/join/abc?x=1 now", "join at [link] now"),
    ("see quorum.example/i/abc", "see [link]"),
    ("call +1 (415) 555-0100 or 020 7946 0958", "call [phone] or [phone]"),
    ("key k8Jd93hfQm2LxPq7Rt5vWz1Yb4 leaked", "key [token] leaked"),
    ("cut cost 12% by 2026-11-30 for 48000 USD", "cut cost 12% by 2026-11-30 for 48000 USD"),
])
def test_scrub_removes_contacts_links_and_tokens_and_keeps_the_facts(text, expected):
    assert scrub(text) == expected


def test_the_minimised_snapshot_keeps_facts_and_drops_identifiers():
    s = snap(meddpicc={**KNOWN, "champion": "Sam (sam@acme.test)"}, notes="secret plan",
             subscription=SubscriptionHealth(seats=5, seats_peak=9))
    facts = minimised(s, include_notes=False)
    assert "deal_id" not in facts and "internal_notes" not in facts
    assert facts["meddpicc"]["champion"] == "Sam ([email])" and facts["subscription"]["seats_peak_90d"] == 9
    assert {c["role"] for c in facts["committee"] if c["required"]} == {"economic_buyer", "technical_buyer", "legal"}
    assert minimised(s, include_notes=True)["internal_notes"] == "secret plan"


def test_the_request_asks_for_the_tool_and_its_hash_follows_its_content():
    s = snap(approved=("economic_buyer", "technical_buyer", "legal"))
    engine = deal_insights(snapshot=s)
    request = converse_request(snapshot=s, engine=engine, model_id="m.x", max_tokens=900, include_notes=False)
    assert request["toolConfig"]["toolChoice"] == {"tool": {"name": "record_deal_insights"}}
    assert request["inferenceConfig"] == {"maxTokens": 900, "temperature": 0}
    schema = request["toolConfig"]["tools"][0]["toolSpec"]["inputSchema"]["json"]
    assert schema["properties"]["drafts"]["items"]["properties"]["trigger"]["enum"] == ["fully_approved"]
    assert "fully_approved" in request["messages"][0]["content"][0]["text"]
    again = converse_request(snapshot=s, engine=engine, model_id="m.x", max_tokens=900, include_notes=False)
    other = converse_request(snapshot=snap(), engine=engine, model_id="m.x", max_tokens=900, include_notes=False)
    assert prompt_hash(request) == prompt_hash(again) != prompt_hash(other)


# --- usage and the cap ------------------------------------------------------------------------------
def test_cost_is_counted_in_micro_dollars_rounded_up():
    prices = Prices(input_per_mtok=micro_usd("0.25"), output_per_mtok=micro_usd("1.25"))
    assert prices.cost(input_tokens=1_000_000, output_tokens=0) == 250_000
    assert prices.cost(input_tokens=1000, output_tokens=400) == 250 + 500
    assert prices.cost(input_tokens=1, output_tokens=0) == 1  # a fraction of a micro-dollar still costs one


def test_the_cap_counts_tokens_and_cost_per_deal_per_day():
    prices = Prices(input_per_mtok=1_000_000, output_per_mtok=1_000_000)  # 1 micro-USD per token
    budget = Budget(cost_per_deal_per_day=5_000, tokens_per_deal_per_day=4_000)
    fresh = DailyUsage(deal_id="d", day="2027-01-15")
    assert within_budget(usage=fresh, budget=budget, prices=prices, input_tokens=2_500, output_tokens=1_500)
    assert not within_budget(usage=fresh, budget=budget, prices=prices, input_tokens=2_501, output_tokens=1_500)
    spent = fresh.plus(input_tokens=0, output_tokens=0, cost=4_500)
    assert not within_budget(usage=spent, budget=budget, prices=prices, input_tokens=300, output_tokens=300)
    ledger = MemoryUsageLedger()
    ledger.add(deal_id="d", day="2027-01-15", input_tokens=10, output_tokens=5, cost=20)
    ledger.add(deal_id="d", day="2027-01-15", input_tokens=1, output_tokens=1, cost=2)
    assert ledger.usage(deal_id="d", day="2027-01-15") == DailyUsage("d", "2027-01-15", 2, 11, 6, 22)
    assert ledger.usage(deal_id="d", day="2027-01-16").calls == 0
    assert usage_day(NOW) == "2027-01-15"


# --- settings ---------------------------------------------------------------------------------------
def test_provider_config_from_settings():
    source = SimpleNamespace(
        QUORUM_AI_PROVIDER="bedrock", BEDROCK_MODEL_ID="m.x", BEDROCK_REGION="eu-west-1", BEDROCK_ENDPOINT_URL="",
        BEDROCK_CONNECT_TIMEOUT_SECONDS=1.0, BEDROCK_READ_TIMEOUT_SECONDS=4.0, BEDROCK_MAX_OUTPUT_TOKENS=800,
        QUORUM_AI_INCLUDE_INTERNAL_NOTES=True, BEDROCK_INPUT_USD_PER_MTOK="3", BEDROCK_OUTPUT_USD_PER_MTOK="15",
        QUORUM_AI_DAILY_BUDGET_USD_PER_DEAL="0.10", QUORUM_AI_DAILY_TOKENS_PER_DEAL=9000, PRODUCTION=True)
    config = provider_config(source)
    assert (config.provider, config.region, config.endpoint_url, config.local) == ("bedrock", "eu-west-1", None, False)
    assert config.prices == Prices(3_000_000, 15_000_000) and config.budget == Budget(100_000, 9000)
    with pytest.raises(ValueError):
        ProviderConfig(provider="openai")


def test_settings_refuse_an_unknown_provider():
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
                                 "QUORUM_AI_PROVIDER": "gpt"})
    assert result.returncode != 0 and "QUORUM_AI_PROVIDER must be engine or bedrock" in result.stderr
