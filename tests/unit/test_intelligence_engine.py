"""The intelligence engine piece by piece: score, snapshot building, churn, drafts, talking points, ranking."""
import json

import pytest

from commerce.domain.money import Money
from commerce.domain.orders import Order, OrderLine, Payment
from dealroom.domain.deals import MEDDPICC, Deal, Member
from dealroom.domain.health import deal_health, stalled_roles
from dealroom.domain.intelligence import (
    PaymentState,
    SubscriptionHealth,
    churn_risk,
    deal_insights,
    deal_score,
    draft_triggers,
    follow_up_draft,
    snapshot_from,
)
from dealroom.domain.intelligence.ranking import next_best_actions
from dealroom.domain.intelligence.snapshot import DAY
from dealroom.domain.intelligence.talking_points import talking_points
from dealroom.domain.intelligence.wording import count
from tests.unit.intelligence_deals import ENGAGED, KNOWN, NOW, snap, without

ALL_APPROVED = ("economic_buyer", "technical_buyer", "legal")


# --- score ------------------------------------------------------------------------------------------
def test_an_open_deals_score_is_the_sum_of_its_factors():
    score = deal_score(snapshot=snap("negotiation", approved=("economic_buyer",), roles={**ENGAGED, "legal": 9}))
    assert score.value == sum(f.points for f in score.factors)
    assert [f.label for f in score.factors][:2] == ["Stage: negotiation", "MEDDPICC qualification"]
    assert all(f.detail for f in score.factors)


def test_score_is_the_chance_to_close_not_health():
    """A complete, lively room in discovery is healthy but far from closing; health does not see the stage."""
    deal = Deal(id="d", account_name="A", stage="discovery", currency="usd", expected_value=0, owner="s", cart_id="c",
                version=1, created_at=NOW - 3 * DAY, meddpicc=KNOWN, last_activity_at=NOW - 3600)
    members = [Member("d", r, f"{r}@a.test", r, r, NOW - DAY, NOW - 3600) for r in ("economic_buyer", "champion",
                                                                                  "technical_buyer", "legal")]
    assert deal_health(deal, members, 1, NOW).score == 80  # all but approvals
    snapshot = snapshot_from(deal, members, quote_version=1, now=NOW)
    early = deal_score(snapshot=snapshot)
    late = deal_score(snapshot=snap("negotiation", approved=ALL_APPROVED))
    assert early.value < 35 and early.band == "low" and late.band == "high"


def test_closing_moves_the_score_to_its_ends():
    assert deal_score(snapshot=snap(payment=PaymentState(state="paid", method="invoice"))).value == 100
    assert deal_score(snapshot=snap("closed_lost")).value == 0
    nothing = snap("discovery", meddpicc={}, roles={}, age=30, days_in_stage=30, last_activity=None)
    assert deal_score(snapshot=nothing).value == 1  # never below 1 while open


def test_approvals_raise_the_score_and_a_quote_change_takes_them_back():
    none = deal_score(snapshot=snap("negotiation")).value
    some = deal_score(snapshot=snap("negotiation", approved=("economic_buyer",))).value
    every = deal_score(snapshot=snap("negotiation", approved=ALL_APPROVED)).value
    changed = deal_score(snapshot=snap("negotiation", stale=ALL_APPROVED)).value
    assert changed < none < some < every


# --- snapshot_from ----------------------------------------------------------------------------------
def _deal(**kw) -> Deal:
    base = dict(id="d-9", account_name="Acme", stage="proposal", currency="usd", expected_value=100_00, owner="s",
                cart_id="c", version=3, created_at=NOW - 20 * DAY, meddpicc={"metrics": "x", "bogus": "ignored"},
                last_activity_at=NOW - 2 * DAY, internal_notes="call Dana")
    return Deal(**{**base, **kw})


def _member(role: str, seen_days_ago: float, joined_days_ago: float = 15, email: str = "") -> Member:
    return Member("d-9", f"u-{role}", email or f"{role}@acme.test", role.title(), role,
                  joined_at=int(NOW - joined_days_ago * DAY), last_seen_at=int(NOW - seen_days_ago * DAY), views=4,
                  actions=2)


def test_snapshot_from_a_deal_and_its_members_copies_no_email():
    deal = _deal(approvals={"economic_buyer": {"quote_version": 4, "user_id": "u"},
                            "legal": {"quote_version": 2}, "champion": {"quote_version": 3}})
    members = [_member("economic_buyer", 1), _member("legal", 7), _member("champion", 2, email="sam@acme.test")]
    s = snapshot_from(deal, members, quote_version=4, now=NOW, stage_entered_at=NOW - 6 * DAY)
    assert s.days_in_stage == pytest.approx(6) and s.age_days == pytest.approx(20)
    assert s.approved_roles == ("economic_buyer",)
    assert set(s.stale_approvals) == {"legal", "champion"}
    assert set(s.meddpicc) == set(MEDDPICC) and s.known("metrics") == "x" and s.known("competition") == ""
    assert s.role("legal").quiet_days == pytest.approx(7) and s.silent("legal") and not s.silent("economic_buyer")
    assert s.role("technical_buyer").holders == 0 and s.silent("technical_buyer")  # nobody for 20 days
    assert s.role("champion").views == 4 and s.role("champion").actions == 2
    assert s.last_activity_days == pytest.approx(2)
    assert "@" not in repr(s)
    # the same silence rule as the health score's stalled roles
    assert [r for r in s.required_roles if s.silent(r)] == stalled_roles(deal, members, NOW, days=5)


def _order(status: str, **payment) -> Order:
    line = OrderLine("sku-1", "Seat", 10, Money(480_000, "usd"))
    return Order("o-1", status, "usd", (line,), created_at=NOW - DAY, hold_until=NOW, payment=Payment(**payment))


@pytest.mark.parametrize("order,expected", [
    (None, PaymentState()),
    (_order("paid", method="card"), PaymentState("paid", "card", 4_800_000)),
    (_order("partially_refunded", method="card"), PaymentState("paid", "card", 4_800_000)),
    (_order("refunded", method="card"), PaymentState("refunded", "card", 4_800_000)),
    (_order("expired", method="card"), PaymentState("expired", "card", 4_800_000)),
    (_order("pending_payment", method="card"), PaymentState("checkout_open", "card", 4_800_000)),
    (_order("pending_payment", method="card", last_error="declined"), PaymentState("failed", "card", 4_800_000)),
    (_order("pending_payment", method="invoice", invoice_due=NOW - 3 * DAY),
     PaymentState("invoice_open", "invoice", 4_800_000, days_overdue=3)),
    (_order("pending_payment", method="invoice", invoice_due=NOW + 3 * DAY),
     PaymentState("invoice_open", "invoice", 4_800_000)),
])
def test_payment_state_from_the_deals_order(order, expected):
    assert snapshot_from(_deal(), [], quote_version=1, now=NOW, order=order).payment == expected


def test_a_snapshot_refuses_unknown_stages_and_roles():
    with pytest.raises(ValueError):
        snap("won")
    with pytest.raises(ValueError):
        snap(required=("cfo",))


# --- churn ------------------------------------------------------------------------------------------
def test_churn_risk_levels():
    assert churn_risk(subscription=None) is None
    assert churn_risk(subscription=SubscriptionHealth(seats=10, seats_peak=10)).level == "none"
    assert churn_risk(subscription=SubscriptionHealth(status="canceled")).score == 100
    seats = churn_risk(subscription=SubscriptionHealth(seats=15, seats_peak=20))
    assert (seats.score, seats.level, seats.reasons) == (12, "low", ("seats down from 20 to 15 (25%)",))
    late = churn_risk(subscription=SubscriptionHealth(status="past_due", failed_payments=2, days_to_renewal=10))
    assert late.level == "high" and late.score == 35 + 30 + 10
    assert "two failed payments in the last 90 days" in late.reasons


# --- drafts -----------------------------------------------------------------------------------------
def test_drafts_follow_payment_and_full_approval():
    assert draft_triggers(snapshot=snap()) == ()
    approved = snap(approved=ALL_APPROVED, version=5)
    assert draft_triggers(snapshot=approved) == ("fully_approved",)
    draft = deal_insights(snapshot=approved).drafts[0]
    assert draft.subject == "Northwind: quote version 5 is approved"
    assert "Economic buyer, Technical buyer and Legal" in draft.body and "$48,000.00" in draft.body
    paid = snap(approved=ALL_APPROVED, payment=PaymentState(state="paid", method="invoice", amount=1_234_50))
    assert draft_triggers(snapshot=paid) == ("paid",)
    thanks = follow_up_draft(snapshot=paid, trigger="paid")
    assert "your invoice payment of $1,234.50 for quote version 2 has arrived" in thanks.body
    assert "late shipments" in thanks.body and "cut freight cost 12%" in thanks.body
    with pytest.raises(ValueError):
        follow_up_draft(snapshot=paid, trigger="signed")


# --- talking points ---------------------------------------------------------------------------------
def test_talking_points_answer_the_named_competition_with_the_buyers_pain():
    points = talking_points(snapshot=snap(meddpicc={**KNOWN, "competition": "Acme Freight, ShipCo and spreadsheets"}))
    objections = [p.objection for p in points]
    assert objections[:3] == ['"Acme Freight does this for less."', '"ShipCo does this for less."',
                              '"We can keep doing what we do today."']
    assert "late shipments" in points[0].response and 'side-by-side on "SSO"' in points[0].response
    assert len(points) == 5 and all(set(p.grounded_in) <= set(MEDDPICC) for p in points)


def test_talking_points_route_criteria_to_their_owner_and_teach_without_a_known_pain():
    points = talking_points(snapshot=snap(meddpicc=without("identified_pain", "competition", "metrics")))
    by_objection = {p.objection: p.response for p in points}
    assert by_objection["\"How do you meet 'SSO'?\""].startswith("Tailor it to the technical buyer")
    assert by_objection["\"How do you meet 'price per seat'?\""].startswith("Tailor it to the economic buyer")
    assert "bring an insight" in by_objection['"We can keep doing what we do today."']


# --- ranking ----------------------------------------------------------------------------------------
def test_actions_are_ranked_limited_and_one_per_kind_and_role():
    messy = snap("negotiation", meddpicc={}, roles={"champion": 9, "legal": 8, "technical_buyer": 7}, days_in_stage=50,
                 last_activity=12)
    actions = next_best_actions(snapshot=messy)
    assert len(actions) == 5
    assert [a.priority for a in actions] == sorted((a.priority for a in actions), reverse=True)
    assert len({(a.kind, a.role) for a in actions}) == len(actions)
    assert len(next_best_actions(snapshot=messy, limit=20)) > 5


def test_same_snapshot_same_insights_and_json_ready():
    s = snap("negotiation", approved=("legal",), roles={**ENGAGED, "economic_buyer": 9})
    assert deal_insights(snapshot=s) == deal_insights(snapshot=s)
    data = json.loads(json.dumps(deal_insights(snapshot=s).as_dict()))
    assert data["score"]["value"] == deal_insights(snapshot=s).score.value and data["actions"][0]["evidence"]


def test_counts_are_written_as_words():
    assert [count(n, "approval") for n in (1, 2, 12)] == ["one approval", "two approvals", "12 approvals"]
