"""Stored deal insights in plain Python: the engine's insights survive the trip through JSON whole (every
golden deal), `deal.scored` exists only when a score moved and is for staff alone, draft keys parse strictly,
and a member's page never names a staff-only event type."""
import json

import pytest

from commerce.domain.events import MEMBERS, PRICES, STAFF
from dealroom.domain.insights import (
    InputsMark,
    Provenance,
    StoredInsights,
    draft_from,
    draft_key,
    draft_ref,
    insights_from_dict,
)
from dealroom.domain.intelligence import SubscriptionHealth, deal_insights, follow_up_draft
from dealroom.domain.scoring_events import DealScored, score_change
from tests.unit.intelligence_deals import snap
from tests.unit.test_intelligence_golden import GOLDEN, PAID

SNAPSHOTS = [case[1] for case in GOLDEN] + [snap(subscription=SubscriptionHealth(failed_payments=2, seats=10,
                                                                                    seats_peak=40))]


@pytest.mark.parametrize("snapshot", SNAPSHOTS)
def test_insights_round_trip_through_json(snapshot):
    insights = deal_insights(snapshot=snapshot)
    assert insights_from_dict(json.loads(json.dumps(insights.as_dict()))) == insights


def _stored(snapshot, revision: int) -> StoredInsights:
    return StoredInsights(deal_id="d-1", revision=revision, insights=deal_insights(snapshot=snapshot),
                          provenance=Provenance(provider="engine", requested_provider="engine"),
                          inputs=InputsMark(deal_seq=revision), account_name="Northwind", stage=snapshot.stage,
                          computed_at=1_800_000_000 + revision)


def test_deal_scored_only_when_the_score_moved_and_only_for_staff():
    weak = _stored(snap("proposal", roles={"economic_buyer": 9}), 1)
    strong = _stored(snap("negotiation", approved=("economic_buyer", "technical_buyer")), 2)
    assert weak.score != strong.score and weak.open and strong.open
    first = score_change(None, weak)
    assert (first.score, first.previous_score, first.event_id) == (weak.score, None, "deal.scored:d-1:1")
    assert score_change(weak, _stored(snap("proposal", roles={"economic_buyer": 9}), 3)) is None
    moved = score_change(weak, strong)
    assert (moved.score, moved.previous_score, moved.band, moved.revision) == (strong.score, weak.score,
                                                                               strong.band, 2)
    assert moved.top_action == strong.top_action.title and len(moved.factors) == len(strong.insights.score.factors)
    assert score_change(strong, None) is None
    assert set(DealScored.audiences().values()) == {STAFF}
    assert moved.as_payload(MEMBERS) == {} == moved.as_payload(PRICES)
    assert moved.as_payload(STAFF)["score"] == strong.score


def test_paid_and_closed_deals_leave_the_at_risk_list():
    paid = _stored(snap("negotiation", payment=PAID), 1)
    assert (paid.score, paid.open) == (100, False)
    assert not _stored(snap("closed_lost"), 1).open


def test_draft_keys_and_refs():
    assert draft_key("paid:o123") == ("paid", "o123") and draft_key("fully_approved:v4") == ("fully_approved", "v4")
    for bad in ("", "paid", "paid:", "sent:o1", "paid:" + "x" * 81):
        with pytest.raises(ValueError):
            draft_key(bad)
    assert draft_ref(trigger="fully_approved", quote_version=4, order_id=None) == "v4"
    assert draft_ref(trigger="paid", quote_version=4, order_id="o9") == "o9"
    with pytest.raises(ValueError):
        draft_ref(trigger="paid", quote_version=4, order_id=None)
    follow_up = follow_up_draft(snapshot=snap(approved=("economic_buyer", "technical_buyer", "legal")),
                                trigger="fully_approved")
    draft = draft_from(follow_up, deal_id="d-1", ref="v2", provider="engine", now=5)
    assert (draft.key, draft.to_labels, draft.version, draft.edited_by) == ("fully_approved:v2", ("Economic buyer",),
                                                                            1, None)


def test_a_members_page_never_names_a_staff_only_event_type():
    from commerce.domain.events import registry
    from dealroom.visibility import member_event_labels

    labels = member_event_labels()
    assert "deal.scored" in registry() and "deal.scored" not in labels
    assert labels["approval.given"] == "approved" and labels["stock.changed"] == "stock changed"
