"""Golden deals: for each small synthetic deal, the engine's top action and the band of its score.

Each case is one situation a seller meets; the expected top action is what a good sales manager would say
first, phrased as the engine must phrase it."""
import pytest

from dealroom.domain.intelligence import PaymentState, SubscriptionHealth, deal_insights
from tests.unit.intelligence_deals import ENGAGED, snap, without

PAID = PaymentState(state="paid", method="card", amount=4_800_000)

GOLDEN = [
    # name, snapshot, (top action kind, its role), title, score band
    ("legal silent and must approve",
     snap("negotiation", approved=("economic_buyer", "technical_buyer"), roles={**ENGAGED, "legal": 6}),
     ("silent_approver", "legal"),
     "Legal has been silent 6 days and must approve: send the DPA and ask for their redlines", "high"),
    ("no paper process at proposal",
     snap("proposal", meddpicc=without("paper_process")),
     ("missing_paper_process", "procurement"),
     "No paper process recorded: ask procurement for the vendor onboarding steps", "medium"),
    ("quote changed after two approvals",
     snap("negotiation", version=4, stale=("economic_buyer", "technical_buyer"), approved=("legal",)),
     ("quote_delta", "economic_buyer"),
     "Quote changed after two approvals: walk the economic buyer through the delta", "high"),
    ("a quote change outranks a silent approver",
     snap("negotiation", version=4, stale=("economic_buyer", "technical_buyer"), roles={**ENGAGED, "legal": 6}),
     ("quote_delta", "economic_buyer"),
     "Quote changed after two approvals: walk the economic buyer through the delta", "medium"),
    ("every approval in, nothing paid",
     snap("negotiation", approved=("economic_buyer", "technical_buyer", "legal")),
     ("ask_to_pay", "economic_buyer"),
     "Every approval is in on version 2: ask the economic buyer to pay by card or request the invoice", "high"),
    ("paid by card", snap("negotiation", approved=("economic_buyer", "technical_buyer", "legal"), payment=PAID),
     ("paid_follow_up", "economic_buyer"), "Paid: send the thank-you note and book the kickoff with the champion",
     "high"),
    ("card payment failed",
     snap("negotiation", approved=("economic_buyer", "technical_buyer", "legal"),
          payment=PaymentState(state="failed", method="card", amount=4_800_000)),
     ("payment_failed", "economic_buyer"),
     "Payment failed: call the economic buyer and offer a new card checkout or an invoice", "high"),
    ("invoice overdue",
     snap("negotiation", approved=("economic_buyer", "technical_buyer", "legal"),
          payment=PaymentState(state="invoice_open", method="invoice", amount=4_800_000, days_overdue=12)),
     ("invoice_overdue", "procurement"),
     "Invoice is 12 days overdue: ask procurement where it sits in their payment run", "high"),
    ("invoice sent, not yet due",
     snap("negotiation", approved=("economic_buyer", "technical_buyer", "legal"),
          payment=PaymentState(state="invoice_open", method="invoice", amount=4_800_000)),
     ("invoice_sent", "procurement"), "Invoice sent: confirm procurement has it in their next payment run", "high"),
    ("new deal, nobody knows who signs",
     snap("discovery", days_in_stage=2, age=2, meddpicc={"identified_pain": "late shipments"},
          roles={"champion": 0}, last_activity=0.5),
     ("missing_economic_buyer", "champion"),
     "No economic buyer identified: ask your champion who signs off on the budget", "low"),
    ("evaluation without a champion",
     snap("evaluation", meddpicc=without("champion"), roles={r: 1 for r in ENGAGED if r != "champion"}),
     ("no_champion", "champion"),
     "No champion: find the person who wins when this lands and invite them to the room", "low"),
    ("required technical buyer not in the room",
     snap("proposal", age=3, days_in_stage=2, roles={r: 1 for r in ENGAGED if r != "technical_buyer"}),
     ("missing_approver", "technical_buyer"),
     "No technical buyer in the room and they must approve: ask your champion to invite them", "medium"),
    ("stuck in proposal",
     snap("proposal", days_in_stage=40, age=60),
     ("stuck_in_stage", "champion"),
     "Stuck in proposal for 40 days: agree a mutual close plan with the champion", "medium"),
    ("room gone quiet",
     snap("evaluation", roles={r: 3 for r in ENGAGED}, last_activity=9),
     ("gone_quiet", "champion"),
     "No activity for 9 days: send the champion a one-line question about the decision date", "medium"),
    ("economic buyer silent for twelve days",
     snap("negotiation", approved=("technical_buyer", "legal"), roles={**ENGAGED, "economic_buyer": 12}),
     ("silent_approver", "economic_buyer"),
     "Economic buyer has been silent 12 days and must approve: ask your champion for 20 minutes with them to "
     "confirm the business case", "high"),
    ("champion gone quiet (not an approver)",
     snap("evaluation", roles={**ENGAGED, "champion": 8}),
     ("silent_role", "champion"),
     "Champion has been silent 8 days: call them to agree the next step and what could stall it", "medium"),
    ("competition unknown in evaluation",
     snap("evaluation", meddpicc=without("competition")),
     ("missing_competition", "champion"),
     "Competition unknown: ask what else they are evaluating, doing nothing included", "medium"),
    ("nothing blocking", snap("evaluation"), ("keep_momentum", "champion"),
     "Keep momentum: confirm the next meeting and its agenda with the champion", "medium"),
    ("closed lost", snap("closed_lost"), ("closed_lost", None),
     "Closed lost: record why and set a check-in for next quarter", "low"),
    ("closed won, no payment in the room", snap("closed_won"), ("closed_won", "economic_buyer"),
     "Closed won: confirm how the customer will pay and who owns onboarding", "high"),
    ("refunded", snap("negotiation", payment=PaymentState(state="refunded", method="card", amount=4_800_000)),
     ("refunded", "economic_buyer"),
     "Refunded: ask the economic buyer what went wrong before the account goes cold", "low"),
    ("subscriber set to cancel",
     snap("closed_won", payment=PAID, subscription=SubscriptionHealth(cancel_at_period_end=True, seats=20,
                                                                       seats_peak=20, days_to_renewal=18)),
     ("churn_risk", "champion"),
     "Subscription at high churn risk: book a value review with the champion before renewal", "high"),
    ("subscriber cutting seats after a failed payment",
     snap("closed_won", payment=PAID, subscription=SubscriptionHealth(failed_payments=1, seats=12, seats_peak=20)),
     ("churn_risk", "champion"),
     "Subscription at medium churn risk: book a value review with the champion before renewal", "high"),
    ("healthy subscriber just paid",
     snap("closed_won", payment=PAID, subscription=SubscriptionHealth(seats=20, seats_peak=20)),
     ("paid_follow_up", "economic_buyer"), "Paid: send the thank-you note and book the kickoff with the champion",
     "high"),
]


@pytest.mark.parametrize("name,snapshot,top,title,band", GOLDEN, ids=[case[0] for case in GOLDEN])
def test_golden_deal(name, snapshot, top, title, band):
    insights = deal_insights(snapshot=snapshot)
    action = insights.top_action
    assert (action.kind, action.role) == top, [(a.kind, a.title) for a in insights.actions]
    assert action.title == title
    assert action.reason and action.evidence and all(action.evidence)
    assert insights.score.band == band, insights.score


def test_there_are_at_least_twenty_golden_deals_each_with_a_distinct_situation():
    assert len(GOLDEN) >= 20
    assert len({case[0] for case in GOLDEN}) == len(GOLDEN)
