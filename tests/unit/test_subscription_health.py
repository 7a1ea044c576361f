"""A deal's subscription as the churn rules read it: Stripe's statuses mapped, days to renewal, seats."""
from dealroom.domain.intelligence.build import subscription_health

DAY = 86400
NOW = 1_790_000_000


def test_stripes_statuses_and_the_period_become_the_churn_rules_inputs():
    health = subscription_health(status="past_due", cancel_at_period_end=True, current_period_end=NOW + 3 * DAY + 5,
                                 seats=12, now=NOW)
    assert (health.status, health.cancel_at_period_end, health.days_to_renewal, health.seats, health.seats_peak) == (
        "past_due", True, 3, 12, 12)
    assert subscription_health(status="incomplete_expired", cancel_at_period_end=False, current_period_end=None,
                               seats=1, now=NOW).status == "canceled"
    assert subscription_health(status="paused", cancel_at_period_end=False, current_period_end=NOW - DAY,
                               seats=1, now=NOW).days_to_renewal == 0
    assert subscription_health(status="something_new", cancel_at_period_end=False, current_period_end=None,
                               seats=1, now=NOW).status == "active"
