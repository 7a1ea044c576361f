"""Stored deal insights from Amazon Bedrock through the devstack stand-in (boto3, SigV4, the Converse wire
protocol): a valid answer is stored with its provenance and metered; malformed output, throttling and a
timeout store the deterministic result, recorded as a fallback with its reason; what the stand-in received
holds no member email and no invitation link; a draft written by the model says so in the audit log."""
from __future__ import annotations

import json
import re

import pytest

from commerce.services.audit import audit_list
from dealroom.domain.intelligence import deal_insights
from dealroom.intelligence.config import ProviderConfig
from dealroom.persistence.uow import unit_of_work
from dealroom.services.ai_usage import ai_usage_get
from dealroom.services.deal_admin import deal_update
from dealroom.services.drafts import drafts_list
from dealroom.services.insights import deal_inputs, insights_refresh
from dealroom.services.log import deal_read
from tests.integration.bedrock_helpers import MODEL, force, received, reset
from tests.integration.insights_helpers import COMMITTEE, committee_deal


@pytest.fixture
def config(bedrock):
    reset(bedrock)
    return ProviderConfig(provider="bedrock", model_id=MODEL, endpoint_url=bedrock.url, local=True,
                          read_timeout=1.0, connect_timeout=1.0)


def _engine_now(deal_id: str):
    u = unit_of_work()
    return deal_insights(snapshot=deal_inputs(u, deal_read(deal_id)).snapshot)


def test_a_valid_answer_is_stored_with_its_provenance_and_the_prompt_holds_no_email_or_link(table, bedrock, config):
    deal = committee_deal(name="Bedrock Co", legal_silent_days=7)
    link = next(iter(deal.invites.values()))  # staff pasted a member's email and an invitation link into MEDDPICC
    deal_update(deal_id=deal.deal_id, expected_version=deal_read(deal.deal_id).version, actor="rep@quorum.test",
                changes={"meddpicc": {**deal_read(deal.deal_id).meddpicc, "champion": "Sam Lee (erin@north.test)",
                                      "paper_process": f"vendor form, sent with {link}"}})
    stored = insights_refresh(deal_id=deal.deal_id, config=config)
    p = stored.provenance
    assert (p.provider, p.requested_provider, p.model_id, p.fell_back, p.fallback_reason) == \
           ("bedrock", "bedrock", MODEL, False, None)
    assert re.fullmatch(r"[0-9a-f]{64}", p.prompt_hash) and p.input_tokens > 100 and p.output_tokens > 10
    assert p.cost > 0 and p.latency_ms >= 0
    assert all(a.kind == "model" for a in stored.insights.actions)
    assert stored.insights.score == _engine_now(deal.deal_id).score  # the model writes words, never the score
    usage = ai_usage_get(deal_id=deal.deal_id, day=_day(stored.computed_at))
    assert (usage.calls, usage.input_tokens, usage.output_tokens, usage.cost) == \
           (1, p.input_tokens, p.output_tokens, p.cost)

    (request,) = received(bedrock)
    sent = json.dumps(request["body"])
    for email, _, _ in COMMITTEE:
        assert email not in sent
    for link in deal.invites.values():
        assert link not in sent and link.rstrip("/").rsplit("/", 1)[1] not in sent
    assert "@" not in sent and "http" not in sent and "/deals/" not in sent
    assert "Sam Lee ([email])" in sent and "vendor form, sent with [link]" in sent
    assert "legal" in sent and "Bedrock Co" in sent  # the facts the model needs do go


@pytest.mark.parametrize("answers", [("malformed", "malformed_output"), ("throttle", "throttled"),
                                     ("slow", "timeout")])
def test_failures_store_the_deterministic_result_recorded_as_a_fallback(table, bedrock, config, answers):
    forced, reason = answers
    deal = committee_deal(name="Fallback Co")
    force(bedrock, forced, seconds=3)
    stored = insights_refresh(deal_id=deal.deal_id, config=config)
    p = stored.provenance
    assert (p.provider, p.requested_provider, p.fell_back, p.fallback_reason) == ("engine", "bedrock", True, reason)
    assert p.model_id == MODEL and p.prompt_hash and p.detail
    engine = _engine_now(deal.deal_id)  # the engine's answer for the deal as it stands
    assert (stored.insights.score, stored.insights.actions, stored.insights.talking_points) == \
           (engine.score, engine.actions, engine.talking_points)
    assert all(a.kind != "model" for a in stored.insights.actions)
    assert len(received(bedrock)) == 1  # one attempt, then the engine
    billed = forced == "malformed"  # Bedrock bills an answer Quorum refuses; not a throttle or a timeout
    assert (ai_usage_get(deal_id=deal.deal_id, day=_day(stored.computed_at)).calls == 1) is billed


def test_a_model_written_draft_is_audited_with_its_model_and_prompt(table, bedrock, config):
    deal = committee_deal(name="Model Draft Co")
    deal.approve("economic_buyer", "technical_buyer", "legal")
    insights_refresh(deal_id=deal.deal_id, trigger="fully_approved", config=config)
    (draft,) = drafts_list(deal_id=deal.deal_id)
    assert draft.provider == "bedrock" and draft.trigger == "fully_approved"
    (request,) = received(bedrock)
    assert "fully_approved" in json.dumps(request["body"]["toolConfig"])  # the model was asked for that draft
    (entry,) = [e for e in audit_list(target_type="deal", target_id=deal.deal_id).items
                if e.action == "insights.draft_generate"]
    assert entry.after["provider"] == "bedrock" and entry.after["model_id"] == MODEL
    assert re.fullmatch(r"[0-9a-f]{64}", entry.after["prompt_hash"])


def _day(epoch: int) -> str:
    from dealroom.intelligence.usage import usage_day

    return usage_day(epoch)
