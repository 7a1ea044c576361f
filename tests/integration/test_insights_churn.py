"""Churn risk for a deal paid by subscription (issue 16): Quorum's copy of the Stripe subscription, recorded
by the webhook handler, reaches the deal's insights through the table's stream; a one-off order has none."""
from __future__ import annotations

from commerce import clock
from commerce.payments.handlers import subscription_record
from commerce.services import payments
from dealroom.services import pay
from dealroom.services.insights import insights_get
from tests.integration.insights_helpers import StreamTap, committee_deal

DAY = 86400


def _subscription(order_id: str, *, status: str, cancel: bool, period_end: int) -> dict:
    """A subscription as Stripe's API returns it (the fields the handler reads)."""
    return {"id": "sub_churn_1", "status": status, "customer": "cus_churn_1", "cancel_at_period_end": cancel,
            "created": clock.now() - 40 * DAY, "metadata": {"order_id": order_id},
            "items": {"data": [{"current_period_start": period_end - 30 * DAY, "current_period_end": period_end}]}}


def test_a_subscription_set_to_cancel_raises_the_deals_churn_risk(table):
    tap = StreamTap(table)
    deal = committee_deal(name="Renewal Co")
    deal.approve("economic_buyer", "technical_buyer", "legal")
    _, _, order = pay.deal_order(deal_id=deal.deal_id, user_id=deal.users["economic_buyer"])
    payments.order_paid(order_id=order.id, subscription_id="sub_churn_1")
    renewal = clock.now() + 12 * DAY
    subscription_record(_subscription(order.id, status="active", cancel=False, period_end=renewal))
    tap.handle()
    healthy = insights_get(deal_id=deal.deal_id).insights.churn
    assert healthy is not None and (healthy.level, healthy.reasons) == ("none", ("no churn signal",))

    # the customer turns off renewal and a payment fails: Stripe says so, the stream rescoring follows
    subscription_record(_subscription(order.id, status="past_due", cancel=True, period_end=renewal))
    tap.handle()
    churn = insights_get(deal_id=deal.deal_id).insights.churn
    assert churn.level == "high" and churn.score >= 70
    assert churn.reasons[0].startswith("set to cancel at the end of the period in 1") and any(
        "past due" in reason for reason in churn.reasons)


def test_a_one_off_deal_order_has_no_churn_risk(table):
    tap = StreamTap(table)
    deal = committee_deal(name="One Off Co")
    deal.approve("economic_buyer", "technical_buyer", "legal")
    _, _, order = pay.deal_order(deal_id=deal.deal_id, user_id=deal.users["economic_buyer"])
    payments.order_paid(order_id=order.id, payment_intent_id="pi_one_off")
    tap.handle()
    assert insights_get(deal_id=deal.deal_id).insights.churn is None
