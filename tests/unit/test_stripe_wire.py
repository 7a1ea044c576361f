"""Stripe's wire formats as the emulator speaks them: nested form params and webhook signatures."""
import json
import time

import pytest
import stripe

from devstack.stripe_emulator import forms
from devstack.stripe_emulator.webhooks import sign


def test_nested_form_params_parse_like_stripe():
    body = ("mode=payment&metadata[order_id]=o1&line_items[0][price_data][currency]=usd"
            "&line_items[0][price_data][unit_amount]=1500&line_items[0][quantity]=2"
            "&line_items[1][price_data][product_data][name]=Desk%20lamp&expand[]=line_items&expand[]=customer")
    assert forms.parse(body) == {
        "mode": "payment", "metadata": {"order_id": "o1"},
        "line_items": [{"price_data": {"currency": "usd", "unit_amount": "1500"}, "quantity": "2"},
                       {"price_data": {"product_data": {"name": "Desk lamp"}}}],
        "expand": ["line_items", "customer"],
    }


def test_signature_verifies_with_the_official_sdk():
    payload = json.dumps({"id": "evt_1", "object": "event", "type": "x"}).encode()
    header = sign(payload, "whsec_test")
    stripe.WebhookSignature.verify_header(payload.decode(), header, "whsec_test", tolerance=300)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.WebhookSignature.verify_header(payload.decode(), header, "whsec_other", tolerance=300)
    stale = sign(payload, "whsec_test", timestamp=int(time.time()) - 3600)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.WebhookSignature.verify_header(payload.decode(), stale, "whsec_test", tolerance=300)
