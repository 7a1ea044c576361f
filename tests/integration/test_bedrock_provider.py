"""Deal insights from Amazon Bedrock through the devstack stand-in (boto3, SigV4, the real wire protocol):
a valid answer is used; malformed output, throttling, access denied and timeouts fall back to the engine and
say so; the cap stops calls; the prompt carries no member email, phone number, link or token."""
import json
import re

import pytest

from dealroom.domain.deals import Deal, Member
from dealroom.domain.intelligence import deal_insights, snapshot_from
from dealroom.domain.intelligence.snapshot import DAY
from dealroom.intelligence.config import ProviderConfig
from dealroom.intelligence.provider import deal_insights_generate, deal_insights_metered
from dealroom.intelligence.usage import Budget, DailyUsage, MemoryUsageLedger, usage_day
from tests.integration.bedrock_helpers import MODEL, force, received, reset

NOW = 1_800_000_000
INVITE = "http://127.0.0.1:8000/deals/d-7/join/k8Jd93hfQm2LxPq7Rt5vWz1Yb4"
EMAILS = ("dana.ruiz@northwind.test", "sam.lee@northwind.test", "lee.legal@northwind.test")


def _snapshot():
    deal = Deal(
        id="d-7", account_name="Northwind", stage="negotiation", currency="usd", expected_value=4_800_000,
        owner="rep@quorum.test", cart_id="c-7", version=5, created_at=NOW - 30 * DAY, last_activity_at=NOW - DAY,
        meddpicc={"metrics": "cut freight cost 12%", "identified_pain": "late shipments",
                  "champion": "Sam Lee (sam.lee@northwind.test, +1 415 555 0100)",
                  "competition": "Acme Freight", "decision_criteria": "SSO, price per seat",
                  "paper_process": f"vendor form at {INVITE}"},
        internal_notes="Dana hinted at budget cuts; call her on +44 20 7946 0958, notes https://crm.example/n/1",
        approvals={"economic_buyer": {"quote_version": 3}, "technical_buyer": {"quote_version": 3}})
    members = [Member("d-7", f"u{n}", email, email.split("@")[0], role, NOW - 20 * DAY, NOW - seen * DAY, 3, 1)
               for n, (email, role, seen) in enumerate(zip(EMAILS, ("economic_buyer", "champion", "legal"), (1, 2, 6)))]
    return snapshot_from(deal, members, quote_version=5, now=NOW, stage_entered_at=NOW - 8 * DAY)


@pytest.fixture
def config(bedrock):
    reset(bedrock)
    return ProviderConfig(provider="bedrock", model_id=MODEL, endpoint_url=bedrock.url, local=True,
                          read_timeout=1.0, connect_timeout=1.0)


def _today() -> DailyUsage:
    return DailyUsage(deal_id="d-7", day=usage_day(NOW))


def test_a_valid_answer_is_used_and_recorded_with_its_provenance(bedrock, config):
    snapshot = _snapshot()
    result = deal_insights_generate(snapshot=snapshot, usage=_today(), config=config)
    engine = deal_insights(snapshot=snapshot)
    assert (result.provider, result.requested_provider, result.fell_back, result.fallback_reason) == \
           ("bedrock", "bedrock", False, None)
    assert result.model_id == MODEL and re.fullmatch(r"[0-9a-f]{64}", result.prompt_hash)
    assert result.input_tokens > 100 and result.output_tokens > 10 and result.cost > 0 and result.latency_ms >= 0
    assert result.insights.score == engine.score and result.insights.churn == engine.churn  # the engine's, always
    assert result.insights.actions != engine.actions and all(a.kind == "model" for a in result.insights.actions)
    assert [a.priority for a in result.insights.actions] == sorted((a.priority for a in result.insights.actions),
                                                                   reverse=True)
    (request,) = received(bedrock)
    assert request["model_id"] == MODEL and request["answer"]["stopReason"] == "tool_use"
    assert request["body"]["toolConfig"]["toolChoice"] == {"tool": {"name": "record_deal_insights"}}
    assert json.dumps(result.as_dict())  # storable as it is


@pytest.mark.parametrize("forced,reason", [
    ("malformed", "malformed_output"), ("text", "malformed_output"), ("throttle", "throttled"),
    ("denied", "access_denied"), ("slow", "timeout"), ("timeout", "timeout"), ("unavailable", "unavailable"),
])
def test_failures_fall_back_to_the_engine_and_say_why(bedrock, config, forced, reason):
    snapshot = _snapshot()
    force(bedrock, forced, seconds=3)
    result = deal_insights_generate(snapshot=snapshot, usage=_today(), config=config)
    assert (result.provider, result.fell_back, result.fallback_reason) == ("engine", True, reason)
    assert result.insights == deal_insights(snapshot=snapshot)
    assert result.detail and result.model_id == MODEL and result.prompt_hash
    assert len(received(bedrock)) == 1  # one attempt: no SDK retries
    billed = forced in ("malformed", "text")  # Bedrock bills an answer even when Quorum refuses it
    assert (result.input_tokens > 0) is billed and (result.cost > 0) is billed


def test_the_daily_cap_stops_calls_before_they_are_made(bedrock, config):
    ledger = MemoryUsageLedger()
    snapshot = _snapshot()
    first = deal_insights_metered(snapshot=snapshot, ledger=ledger, config=config)
    assert first.provider == "bedrock"
    spent = ledger.usage(deal_id="d-7", day=first.day)
    assert (spent.calls, spent.input_tokens, spent.cost) == (1, first.input_tokens, first.cost)
    tight = ProviderConfig(**{**config.__dict__, "budget": Budget(cost_per_deal_per_day=spent.cost + 1,
                                                                  tokens_per_deal_per_day=10**6)})
    second = deal_insights_metered(snapshot=snapshot, ledger=ledger, config=tight)
    assert (second.provider, second.fallback_reason, second.input_tokens) == ("engine", "budget_exhausted", 0)
    assert len(received(bedrock)) == 1 and ledger.usage(deal_id="d-7", day=first.day).calls == 1
    with pytest.raises(ValueError):
        deal_insights_generate(snapshot=snapshot, usage=DailyUsage(deal_id="d-8", day=first.day), config=config)


def test_the_prompt_holds_no_email_phone_link_or_token(bedrock, config):
    deal_insights_generate(snapshot=_snapshot(), usage=_today(), config=config)
    (request,) = received(bedrock)
    sent = json.dumps(request["body"])
    for email in EMAILS:
        assert email not in sent
    assert "@" not in sent and "http" not in sent and "k8Jd93hfQm2LxPq7Rt5vWz1Yb4" not in sent
    assert "415 555" not in sent and "7946" not in sent
    assert "Sam Lee ([email], [phone])" in sent and "vendor form at [link]" in sent
    assert "budget cuts" not in sent  # internal notes stay out unless a setting lets them in
    reset(bedrock)
    with_notes = ProviderConfig(**{**config.__dict__, "include_internal_notes": True})
    deal_insights_generate(snapshot=_snapshot(), usage=_today(), config=with_notes)
    (request,) = received(bedrock)
    sent = json.dumps(request["body"])
    assert "Dana hinted at budget cuts; call her on [phone], notes [link]" in sent


def test_the_engine_provider_never_calls_bedrock(bedrock, config):
    engine_only = ProviderConfig(**{**config.__dict__, "provider": "engine"})
    result = deal_insights_generate(snapshot=_snapshot(), usage=_today(), config=engine_only)
    assert (result.provider, result.fell_back, result.model_id, result.input_tokens) == ("engine", False, None, 0)
    assert received(bedrock) == []
