"""Subscriptions follow Stripe's lifecycle in the emulator: incomplete -> active, trialing, calendar periods with
interval_count, renewals, cancel at period end (issue 14, gap 7)."""
import stripe

from devstack.stripe_emulator import periods
from tests.emulator_helpers import own_emulator


def _price(client, interval="month", count=1, amount=1200):
    return client.v1.prices.create(params={"currency": "usd", "unit_amount": amount, "product_data": {"name": "Seat"},
                                           "recurring": {"interval": interval, "interval_count": count}})



def test_subscription_starts_incomplete_then_active_with_a_first_invoice():
    with own_emulator() as (emulator, client):
        customer = client.v1.customers.create(params={"email": "b@x.test"})
        price = _price(client, "month", 3)
        sub = client.v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": price.id,
                                                                                         "quantity": 2}],
                                                     "default_payment_method": "pm_card_visa"})
        assert sub.status == "active"
        item = sub["items"].data[0]
        assert item.current_period_end == periods.add(item.current_period_start, "month", 3)
        invoice = client.v1.invoices.retrieve(sub.latest_invoice)
        assert invoice.billing_reason == "subscription_create" and invoice.status == "paid"
        assert invoice.amount_paid == 2400 and invoice.parent.subscription_details.subscription == sub.id
        events = [e for e in client.v1.events.list(params={"limit": 30}).data][::-1]
        created = next(e for e in events if e.type == "customer.subscription.created")
        assert created.data.object.status == "incomplete"
        update = next(e for e in events if e.type == "customer.subscription.updated")
        assert update.data.object.status == "active" and update.data.previous_attributes.status == "incomplete"
        types = [e.type for e in events]
        for expected in ("invoice.created", "invoice.finalized", "payment_intent.created", "payment_intent.succeeded",
                         "invoice.paid", "invoice.payment_succeeded"):
            assert expected in types


def test_declined_first_payment_stays_incomplete_and_expires():
    with own_emulator() as (emulator, client):
        customer = client.v1.customers.create(params={"email": "d@x.test"})
        sub = client.v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": _price(client).id}],
                                                     "default_payment_method": "pm_card_chargeDeclined"})
        assert sub.status == "incomplete"
        assert client.v1.invoices.retrieve(sub.latest_invoice).status == "open"
        emulator.store.clock_offset += 23 * 3600 + 1
        emulator.tick()
        assert client.v1.subscriptions.retrieve(sub.id).status == "incomplete_expired"


def test_trial_renewal_and_cancel_at_period_end():
    with own_emulator() as (emulator, client):
        customer = client.v1.customers.create(params={"email": "t@x.test"})
        sub = client.v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": _price(client).id}],
                                                     "trial_period_days": 14, "default_payment_method": "pm_card_visa"})
        assert sub.status == "trialing" and sub.trial_end - sub.trial_start == 14 * 86400
        assert client.v1.invoices.retrieve(sub.latest_invoice).amount_due == 0
        emulator.store.clock_offset += 14 * 86400 + 5
        emulator.tick()
        renewed = client.v1.subscriptions.retrieve(sub.id)
        assert renewed.status == "active" and renewed.latest_invoice != sub.latest_invoice
        cycle = client.v1.invoices.retrieve(renewed.latest_invoice)
        assert cycle.billing_reason == "subscription_cycle" and cycle.status == "paid" and cycle.amount_paid == 1200
        client.v1.subscriptions.update(sub.id, params={"cancel_at_period_end": True})
        item = renewed["items"].data[0]
        emulator.store.clock_offset += item.current_period_end - item.current_period_start + 5
        emulator.tick()
        ended = client.v1.subscriptions.retrieve(sub.id)
        assert ended.status == "canceled" and ended.ended_at and ended.canceled_at
        deleted = client.v1.events.list(params={"type": "customer.subscription.deleted"}).data[0]
        assert deleted.data.object.id == sub.id and deleted.request.id is None  # nobody's request: time did it


def test_immediate_cancel_and_calendar_months():
    assert periods.add(1738281600, "month", 1) == 1740700800  # 2025-01-31 -> 2025-02-28
    assert periods.add(1738281600, "month", 1, times=2) == 1743379200  # -> 2025-03-31, the anchor day kept
    with own_emulator() as (emulator, client):
        customer = client.v1.customers.create(params={"email": "c@x.test"})
        sub = client.v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": _price(client).id}],
                                                     "collection_method": "send_invoice", "days_until_due": 30})
        assert sub.status == "active"  # send_invoice subscriptions are active with their first invoice open
        canceled = client.v1.subscriptions.cancel(sub.id)
        assert canceled.status == "canceled" and canceled.ended_at and \
            canceled.cancellation_details.reason == "cancellation_requested"
        try:
            client.v1.subscriptions.cancel(sub.id)
            raise AssertionError("a canceled subscription cannot be canceled again")
        except stripe.InvalidRequestError as error:
            assert error.http_status == 400
