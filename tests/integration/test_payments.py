"""Card checkout, invoices with net terms and refunds through the Stripe emulator (real stripe SDK). Quorum's
webhook view receives what the emulator delivers, shuffled and duplicated (the `webhooks` fixture, for every
test here), and some tests deliver extra copies themselves, signed as Stripe signs."""
import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.test import Client

from commerce.domain.webhooks import StoredEvent
from commerce.payments import stripe_gateway
from commerce.persistence.uow import unit_of_work
from commerce.services import carts, checkout, payments, selectors
from tests import factories
from tests.stripe_helpers import deliver, events_for, pay
from tests.table import count, order_keys, set_attributes, stock


def on_hand(sku: str) -> int:
    return stock(sku).on_hand


def order_with_session(**lines: int):
    cart = carts.cart_create()
    for sku, quantity in lines.items():
        carts.cart_line_set(cart_id=cart.id, sku=sku, quantity=quantity)
    order = checkout.checkout_start(cart_id=cart.id)
    return payments.order_checkout_session(order_id=order.id, success_url="http://shop.test/orders/x/?paid=1",
                                           cancel_url="http://shop.test/orders/x/")


def stored(event_id: str) -> StoredEvent:
    found = unit_of_work().stripe_events.get(event_id)
    assert found is not None, f"{event_id} was not stored"
    return found


@pytest.fixture(autouse=True)
def receive_webhooks(webhooks, table):
    """Every test here receives the emulator's own (shuffled, duplicated) deliveries; each waits for them to
    settle before it ends so none lands in the next test's table."""
    yield webhooks
    webhooks.settle()


def test_checkout_session_matches_the_order(table):
    factories.product("A", price=1250, stock=5)
    order = order_with_session(A=2)
    session = stripe_gateway.client().v1.checkout.sessions.retrieve(order.payment.checkout_session_id)
    assert session.mode == "payment" and session.amount_total == 2500 and session.currency == "usd"
    assert session.metadata["order_id"] == order.id and session.expires_at == order.hold_until
    assert session.success_url.endswith("?paid=1") and order.payment.checkout_url == session.url
    again = payments.order_checkout_session(order_id=order.id, success_url="x", cancel_url="y")
    assert again.payment.checkout_session_id == order.payment.checkout_session_id  # no second session


def test_recurring_lines_open_a_subscription_session(table):
    factories.product("SEAT", price=1200, interval="month")
    factories.product("SETUP", price=5000)
    order = order_with_session(SEAT=5, SETUP=1)
    session = stripe_gateway.client().v1.checkout.sessions.retrieve(order.payment.checkout_session_id)
    assert session.mode == "subscription" and session.amount_total == 5 * 1200 + 5000


def test_replaying_a_real_checkouts_events_changes_each_thing_once(table, receive_webhooks):
    """Every event of a real checkout, 5 times each, concurrently and shuffled, plus wrongly signed
    copies: one state change per event, 400 for each bad signature, never a 500."""
    factories.product("A", price=1000, stock=10)
    order = order_with_session(A=3)
    status, _ = pay(order.payment.checkout_url, "4000 0000 0000 0002")  # declined first
    assert status == 402
    status, location = pay(order.payment.checkout_url, "4242 4242 4242 4242")
    assert status == 303 and location.endswith("?paid=1")
    receive_webhooks.settle()
    events = events_for(stripe_gateway.client(), order_id=order.id)
    assert {e["type"] for e in events} >= {"payment_intent.payment_failed", "charge.succeeded",
                                            "payment_intent.succeeded", "checkout.session.completed"}
    secret = settings.STRIPE_WEBHOOK_SECRET
    deliveries = [(e, False) for e in events for _ in range(5)] + [(e, True) for e in events]
    random.Random(7).shuffle(deliveries)
    client = Client()
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda d: (d[1], deliver(client, d[0], secret, tamper=d[1]).status_code), deliveries))
    assert all(code == 400 for tampered, code in statuses if tampered)
    assert all(code == 200 for tampered, code in statuses if not tampered)
    for event in events:
        item = stored(event["id"])
        assert item.status == "processed" and item.attempts == 1, (event["type"], item.status, item.attempts)
        assert 6 <= item.deliveries <= 7  # the emulator's one or two, then our five
    paid = selectors.order_get(order_id=order.id)
    assert paid.status == "paid" and paid.payment.payment_intent_id
    assert paid.payment.last_error is None  # the older decline did not stick after the payment
    assert on_hand("A") == 7  # committed exactly once


def test_bad_or_missing_signature_is_400_and_recorded(table, monkeypatch):
    from commerce.payments import rejections

    monkeypatch.setattr(rejections, "bucket", rejections._Bucket(rejections.RATE))
    client = Client()
    missing = client.post("/stripe/webhook/", data=b"{}", content_type="application/json")
    assert missing.status_code == 400 and missing.json()["code"] == "invalid_signature"
    forged = client.post("/stripe/webhook/", data=b'{"id": "evt_x", "type": "x"}', content_type="application/json",
                         HTTP_STRIPE_SIGNATURE="t=1,v1=deadbeef")
    assert forged.status_code == 400
    assert count("StripeRejected") == 2
    assert client.get("/stripe/webhook/").status_code == 405


def test_expired_session_releases_the_stock(table, receive_webhooks):
    factories.product("A", stock=4)
    order = order_with_session(A=4)
    assert selectors.product_get(sku="A").available == 0
    assert stripe_gateway.checkout_session_expire(session_id=order.payment.checkout_session_id) == "expired"
    receive_webhooks.settle()
    (expired,) = [e for e in events_for(stripe_gateway.client(), order_id=order.id)
                  if e["type"] == "checkout.session.expired"]
    assert stored(expired["id"]).outcome == "expired"
    assert selectors.order_get(order_id=order.id).status == "expired"
    assert selectors.product_get(sku="A").available == 4


def test_sweeper_keeps_stock_for_a_session_paid_at_the_last_second(table, receive_webhooks):
    from commerce.services import orders

    factories.product("A", stock=2)
    order = order_with_session(A=2)
    # the hold lapses as the person pays, before (or while) the completed event lands: the sweeper must
    # not release stock Stripe was paid for
    set_attributes(*order_keys(order.id), hold_until=1)
    pay(order.payment.checkout_url, "4242424242424242")
    orders.reservations_sweep(now=10**10)
    assert selectors.order_get(order_id=order.id).status in ("pending_payment", "paid")
    receive_webhooks.settle()
    assert selectors.order_get(order_id=order.id).status == "paid" and on_hand("A") == 0


def test_invoice_with_net_terms_paid_on_the_hosted_page(table, receive_webhooks):
    factories.product("A", price=40000, stock=3)
    cart = carts.cart_create()
    carts.cart_line_set(cart_id=cart.id, sku="A", quantity=2)
    order = checkout.checkout_start(cart_id=cart.id)
    invoiced = payments.order_invoice(order_id=order.id, account_id="acme", name="Acme Corp",
                                      email="ap@acme.test", net_days=30)
    assert invoiced.payment.method == "invoice" and invoiced.payment.invoice_url
    assert invoiced.hold_until >= invoiced.payment.invoice_due  # stock held until the due date
    invoice = stripe_gateway.client().v1.invoices.retrieve(invoiced.payment.invoice_id)
    assert invoice.status == "open" and invoice.amount_due == 80000 and invoice.collection_method == "send_invoice"
    assert invoice.due_date - invoice.status_transitions.finalized_at == 30 * 86400
    events = events_for(stripe_gateway.client(), order_id=order.id)
    types = [e["type"] for e in events if e["type"].startswith("invoice.")]
    assert types == ["invoice.created", "invoice.finalized", "invoice.sent"]
    status, page = pay(invoiced.payment.invoice_url, "4242 4242 4242 4242")
    assert status == 200 and "Paid" in page
    receive_webhooks.settle()
    assert {"invoice.paid", "invoice.payment_succeeded"} <= {e["type"] for e in
                                                              events_for(stripe_gateway.client(), order_id=order.id)}
    assert selectors.order_get(order_id=order.id).status == "paid"
    assert on_hand("A") == 1
    # one Stripe Customer per buyer organisation
    assert payments.account_customer(account_id="acme", name="Acme Corp", email="ap@acme.test") == invoice.customer


def test_partial_then_full_refund(table, receive_webhooks):
    factories.product("A", price=1000, stock=5)
    factories.product("B", price=500, stock=5)
    order = order_with_session(A=2, B=1)
    pay(order.payment.checkout_url, "4242424242424242")
    client, secret = Client(), settings.STRIPE_WEBHOOK_SECRET
    receive_webhooks.settle()
    payments.order_refund(order_id=order.id, lines={"A": 1})
    receive_webhooks.settle()
    partial = selectors.order_get(order_id=order.id)
    assert partial.status == "partially_refunded" and partial.payment.amount_refunded == 1000
    with pytest.raises(Exception, match="between 1 and 1500"):
        payments.order_refund(order_id=order.id, amount=2000)
    payments.order_refund(order_id=order.id)
    receive_webhooks.settle()
    refunded = [e for e in events_for(stripe_gateway.client(), order_id=order.id) if e["type"] == "charge.refunded"]
    assert len(refunded) == 2
    deliver(client, {**refunded[-1], "id": "evt_late_copy_of_first_refund",
                     "data": refunded[0]["data"]}, secret)  # a late copy of the first refund: no step backwards
    final = selectors.order_get(order_id=order.id)
    assert final.status == "refunded" and final.payment.amount_refunded == 2500


def test_unknown_event_types_are_stored_and_answered_200(table):
    event = {"id": "evt_unknown_1", "object": "event", "type": "radar.early_fraud_warning.created", "created": 1,
             "data": {"object": {"id": "issfr_1", "object": "radar.early_fraud_warning"}}}
    response = deliver(Client(), event, settings.STRIPE_WEBHOOK_SECRET)
    assert response.status_code == 200
    assert stored("evt_unknown_1").outcome == "stored (no handler for this type)"


def test_a_failing_handler_is_recorded_and_answered_500_then_replayable(table, monkeypatch):
    from commerce.payments import handlers, webhooks

    event = {"id": "evt_boom_1", "object": "event", "type": "test.boom", "created": 1, "data": {"object": {}}}

    def boom(obj):
        raise RuntimeError("database on fire")

    monkeypatch.setitem(handlers.HANDLERS, "test.boom", boom)
    response = deliver(Client(), event, settings.STRIPE_WEBHOOK_SECRET)
    assert response.status_code == 500
    item = stored("evt_boom_1")
    assert item.status == "failed" and "database on fire" in item.error and "Traceback" in item.error
    monkeypatch.setitem(handlers.HANDLERS, "test.boom", lambda obj: "fixed")
    assert deliver(Client(), event, settings.STRIPE_WEBHOOK_SECRET).status_code == 200  # Stripe's retry
    assert stored("evt_boom_1").status == "processed" and stored("evt_boom_1").attempts == 2
    assert webhooks.event_process(event_id="evt_boom_1", replay=True).status == 200
    assert stored("evt_boom_1").attempts == 3


def test_subscription_checkout_is_kept_with_status_and_period(table, receive_webhooks):
    from devstack.stripe_emulator import periods

    factories.product("SEAT", price=1200, interval="month", stock=100)
    order = order_with_session(SEAT=5)
    status, _ = pay(order.payment.checkout_url, "4242424242424242")
    assert status == 303
    client, secret = Client(), settings.STRIPE_WEBHOOK_SECRET
    receive_webhooks.settle()
    events = events_for(stripe_gateway.client(), order_id=order.id)
    types = [e["type"] for e in events]
    assert {"customer.subscription.created", "customer.subscription.updated",
            "checkout.session.completed"} <= set(types)
    created = next(e for e in events if e["type"] == "customer.subscription.created")
    assert created["data"]["object"]["status"] == "incomplete"  # active once its first invoice is paid
    paid = selectors.order_get(order_id=order.id)
    assert paid.status == "paid" and paid.payment.subscription_id
    item = unit_of_work().billing.subscription(paid.payment.subscription_id)
    assert item.status == "active" and item.order_id == order.id
    assert item.current_period_end == periods.add(item.current_period_start, "month", 1)  # a calendar month
    deliver(client, {**created, "id": "evt_late_copy_of_created_1"}, secret)  # late, while active: stays active
    assert unit_of_work().billing.subscription(paid.payment.subscription_id).status == "active"
    stripe_gateway.client().v1.subscriptions.cancel(paid.payment.subscription_id)
    receive_webhooks.settle()
    (deleted,) = [e for e in events_for(stripe_gateway.client(), order_id=order.id)
                  if e["type"] == "customer.subscription.deleted"]
    deliver(client, deleted, secret)
    deliver(client, {**created, "id": "evt_late_copy_of_created"}, secret)  # late: must not revive it
    assert unit_of_work().billing.subscription(paid.payment.subscription_id).status == "canceled"
