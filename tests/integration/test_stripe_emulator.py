"""The emulator's own behaviour, through the official stripe SDK and plain HTTP."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import stripe

from devstack.process import free_port
from tests.emulator_helpers import own_emulator
from tests.stripe_helpers import pay


@pytest.fixture
def sdk(services):
    return stripe.StripeClient(services.stripe.secret_key, base_addresses={"api": services.stripe.url},
                               max_network_retries=0)


def session_params(**extra):
    return {"mode": "payment", "success_url": "http://shop.test/ok?s={CHECKOUT_SESSION_ID}",
            "line_items": [{"price_data": {"currency": "usd", "unit_amount": 700, "product_data": {"name": "Pen"}},
                            "quantity": 3}], "expires_at": int(time.time()) + 3600, **extra}


def test_errors_have_stripes_shape_and_status(sdk, services):
    with pytest.raises(stripe.InvalidRequestError) as missing:
        sdk.v1.checkout.sessions.create(params={"mode": "payment"})
    assert missing.value.http_status == 400 and missing.value.param == "success_url"
    with pytest.raises(stripe.InvalidRequestError) as expiry:
        sdk.v1.checkout.sessions.create(params=session_params(expires_at=int(time.time()) + 60))
    assert expiry.value.param == "expires_at"
    with pytest.raises(stripe.InvalidRequestError) as not_found:
        sdk.v1.invoices.retrieve("in_missing")
    assert not_found.value.http_status == 404 and not_found.value.code == "resource_missing"
    with pytest.raises(stripe.AuthenticationError):
        stripe.StripeClient("sk_test_wrong", base_addresses={"api": services.stripe.url}).v1.customers.create()


def test_idempotency_key_replays_and_refuses_other_params(sdk):
    first = sdk.v1.customers.create(params={"name": "A"}, options={"idempotency_key": "same-key-1"})
    again = sdk.v1.customers.create(params={"name": "A"}, options={"idempotency_key": "same-key-1"})
    assert first.id == again.id
    with pytest.raises(stripe.IdempotencyError):
        sdk.v1.customers.create(params={"name": "B"}, options={"idempotency_key": "same-key-1"})


def test_hosted_checkout_cards(sdk):
    session = sdk.v1.checkout.sessions.create(params=session_params())
    status, body = pay(session.url, "4000 0000 0000 9995")
    assert status == 402 and "insufficient funds" in body
    status, body = pay(session.url, "4000 0000 0000 0002")
    assert status == 402 and "Your card was declined." in body
    status, location = pay(session.url, "4242 4242 4242 4242")
    assert status == 303 and location == f"http://shop.test/ok?s={session.id}"
    paid = sdk.v1.checkout.sessions.retrieve(session.id)
    assert (paid.status, paid.payment_status) == ("complete", "paid")
    intent = sdk.v1.payment_intents.retrieve(paid.payment_intent)
    assert intent.status == "succeeded" and intent.amount == 2100
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.checkout.sessions.expire(session.id)  # only open sessions expire
    refund = sdk.v1.refunds.create(params={"payment_intent": intent.id, "amount": 100})
    assert refund.status == "succeeded" and refund.amount == 100
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.refunds.create(params={"payment_intent": intent.id, "amount": 5000})
    types = [e.type for e in sdk.v1.events.list(params={"limit": 8}).data]
    assert types[:2] == ["charge.refunded", "refund.created"]


def test_webhooks_are_signed_and_retried_with_backoff_until_2xx():
    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((time.monotonic(), self.headers["Stripe-Signature"], body))
            self.send_response(500 if len(received) < 3 else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    try:
        with own_emulator(webhook_url=hook, webhook_secret="whsec_x", retry_base_delay=0.2) as (emulator, client):
            client.v1.products.create(params={"name": "x"})  # one event: product.created
            deadline = time.monotonic() + 10
            while len(received) < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(received) == 3
            gaps = [b[0] - a[0] for a, b in zip(received, received[1:])]
            assert gaps[0] >= 0.18 and gaps[1] >= 0.38  # 0.2 s, then 0.4 s
            for _, header, body in received:
                stripe.WebhookSignature.verify_header(body.decode(), header, "whsec_x", tolerance=300)
                assert json.loads(body)["type"] == "product.created"
            time.sleep(0.5)
            assert len(received) == 3  # delivered: no more attempts
            event = client.v1.events.retrieve(json.loads(received[0][2])["id"])
            assert event.pending_webhooks == 0  # settled once the endpoint answered 2xx
    finally:
        receiver.shutdown()
