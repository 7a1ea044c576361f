"""The emulator answers as Stripe does on Quorum's paths (issue 14, gaps 2-4, 6, 8, 9; issue 18's deletion),
through the official stripe SDK and plain HTTP."""
import time
import urllib.request

import pytest
import stripe

from devstack.stripe_emulator import shapes


@pytest.fixture
def sdk(services):
    return stripe.StripeClient(services.stripe.secret_key, base_addresses={"api": services.stripe.url},
                               max_network_retries=0)


def raw_post(services, path: str, body: bytes, key: str = "", headers: dict = None) -> tuple[int, dict]:
    import json

    request = urllib.request.Request(services.stripe.url + path, data=body, method="POST", headers={
        "Authorization": f"Bearer {services.stripe.secret_key}", **({"Idempotency-Key": key} if key else {}),
        **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def test_unknown_and_invalid_parameters_are_400_with_param(sdk):
    cases = [
        ({"name": "x", "favourite_colour": "red"}, "favourite_colour", "Received unknown parameter: favourite_colour"),
        ({"invoice_settings": {"nope": "1"}}, "invoice_settings[nope]", "Received unknown parameter"),
        ({"metadata": "scalar"}, "metadata", "Invalid object"),
        ({"balance": "ten"}, "balance", "Invalid integer: ten"),
        ({"tax_exempt": "sometimes"}, "tax_exempt", "Invalid tax_exempt: must be one of"),
    ]
    for params, param, message in cases:
        with pytest.raises(stripe.InvalidRequestError) as error:
            sdk.v1.customers.create(params=params)
        assert error.value.http_status == 400 and error.value.param == param, (params, error.value)
        assert message in error.value.user_message
    with pytest.raises(stripe.InvalidRequestError) as boolean:
        sdk.v1.prices.create(params={"currency": "usd", "unit_amount": 5, "product_data": {"name": "x"},
                                     "active": "maybe"})
    assert boolean.value.param == "active" and "Invalid boolean: maybe" in boolean.value.user_message
    with pytest.raises(stripe.InvalidRequestError) as currency:
        sdk.v1.prices.create(params={"currency": "xyz", "unit_amount": 5, "product_data": {"name": "x"}})
    assert currency.value.param == "currency" and "Invalid currency: xyz" in currency.value.user_message
    with pytest.raises(stripe.InvalidRequestError) as product:
        sdk.v1.prices.create(params={"currency": "usd", "unit_amount": 5, "product": "prod_missing"})
    assert product.value.http_status == 404 and product.value.param == "product"


def test_valid_options_it_does_not_model_are_refused_by_name(sdk):
    price = sdk.v1.prices.create(params={"currency": "usd", "unit_amount": 500, "product_data": {"name": "Pen"}})
    for extra, param in [({"allow_promotion_codes": True}, "allow_promotion_codes"),
                         ({"automatic_tax": {"enabled": True}}, "automatic_tax[enabled]")]:
        with pytest.raises(stripe.InvalidRequestError) as error:
            sdk.v1.checkout.sessions.create(params={
                "mode": "payment", "success_url": "http://x/ok", "line_items": [{"price": price.id, "quantity": 1}],
                **extra})
        assert error.value.param == param and "does not model" in error.value.user_message


def test_malformed_input_is_400_not_a_dropped_connection(services):
    status, body = raw_post(services, "/v1/customers", b"metadata=flat&metadata[a]=b")
    assert status == 400 and body["error"]["param"] == "metadata"
    status, body = raw_post(services, "/v1/customers", b"expand=customer")
    assert status == 400 and body["error"]["message"] == "Invalid array"


def test_failed_validation_does_not_poison_the_idempotency_key(services, sdk):
    status, _ = raw_post(services, "/v1/customers", b"bogus=1", key="key-poison-1")
    assert status == 400
    status, body = raw_post(services, "/v1/customers", b"name=Fine", key="key-poison-1")
    assert status == 200 and body["name"] == "Fine"
    status, again = raw_post(services, "/v1/customers", b"name=Fine", key="key-poison-1")
    assert again["id"] == body["id"]


def test_idempotency_keys_expire_after_24_hours():
    from tests.emulator_helpers import own_emulator

    with own_emulator() as (emulator, client):
        first = client.v1.customers.create(params={"name": "A"}, options={"idempotency_key": "k-expiry"})
        assert client.v1.customers.create(params={"name": "A"}, options={"idempotency_key": "k-expiry"}).id == first.id
        emulator.store.clock_offset += 24 * 3600
        assert client.v1.customers.create(params={"name": "A"}, options={"idempotency_key": "k-expiry"}).id != first.id


def test_events_are_retrievable_by_id_and_carry_the_request(sdk):
    customer = sdk.v1.customers.create(params={"email": "ev@x.test"}, options={"idempotency_key": "evt-req-1"})
    updated = sdk.v1.customers.update(customer.id, params={"name": "New"})
    events = sdk.v1.events.list(params={"type": "customer.*", "limit": 20}).data
    created = next(e for e in events if e.type == "customer.created" and e.data.object.id == customer.id)
    assert sdk.v1.events.retrieve(created.id).id == created.id
    assert created.request.idempotency_key == "evt-req-1" and created.request.id.startswith("req_")
    update = next(e for e in events if e.type == "customer.updated" and e.data.object.id == updated.id)
    assert update.data.previous_attributes.to_dict() == {"name": None}
    with pytest.raises(stripe.InvalidRequestError) as missing:
        sdk.v1.events.retrieve("evt_missing")
    assert missing.value.http_status == 404


@pytest.mark.parametrize("object_name,make", [
    ("customer", lambda sdk: sdk.v1.customers.create(params={"email": "s@x.test"})),
    ("product", lambda sdk: sdk.v1.products.create(params={"name": "Shape"})),
    ("price", lambda sdk: sdk.v1.prices.create(params={"currency": "usd", "unit_amount": 100,
                                                       "product_data": {"name": "x"}})),
    ("payment_intent", lambda sdk: sdk.v1.payment_intents.create(params={"amount": 500, "currency": "usd"})),
    ("invoice", lambda sdk: sdk.v1.invoices.create(params={"customer": sdk.v1.customers.create().id})),
    ("checkout.session", lambda sdk: sdk.v1.checkout.sessions.create(params={
        "mode": "payment", "success_url": "http://x/ok", "line_items": [{"quantity": 1, "price_data": {
            "currency": "usd", "unit_amount": 700, "product_data": {"name": "Pen"}}}]})),
])
def test_objects_have_every_property_stripe_returns(sdk, object_name, make):
    obj = make(sdk).to_dict()
    template = shapes.blank(object_name)
    assert set(obj) == set(template), set(template) ^ set(obj)
    assert len(obj) >= 19 and obj["object"] == object_name and obj["livemode"] is False


def test_fields_stripe_does_not_have_are_gone(sdk):
    customer = sdk.v1.customers.create(params={"email": "f@x.test"})
    invoice = sdk.v1.invoices.create(params={"customer": customer.id, "collection_method": "send_invoice",
                                             "days_until_due": 15}).to_dict()
    item = sdk.v1.invoice_items.create(params={"customer": customer.id, "invoice": invoice["id"], "amount": 700,
                                               "currency": "usd", "quantity": 1}).to_dict()
    assert "days_until_due" not in invoice and "unit_amount" not in item
    assert item["pricing"]["unit_amount_decimal"] == 700  # the SDK reads the decimal string as a Decimal


def test_checkout_takes_stored_prices_and_expands(sdk):
    price = sdk.v1.prices.create(params={"currency": "usd", "unit_amount": 1250, "product_data": {"name": "Lamp"}})
    session = sdk.v1.checkout.sessions.create(params={
        "mode": "payment", "success_url": "http://x/ok", "line_items": [{"price": price.id, "quantity": 2}],
        "expires_at": int(time.time()) + 3600}, options={})
    assert session.amount_total == 2500
    expanded = sdk.v1.checkout.sessions.retrieve(session.id, params={"expand": ["line_items"]})
    (item,) = expanded.line_items.data
    assert item.price.id == price.id and item.quantity == 2 and item.amount_total == 2500
    price_with_product = sdk.v1.prices.retrieve(price.id, params={"expand": ["product"]})
    assert price_with_product.product.name == "Lamp"


def test_payment_intent_api_and_card_error_path(sdk):
    customer = sdk.v1.customers.create(params={"email": "pi@x.test"})
    intent = sdk.v1.payment_intents.create(params={"amount": 2000, "currency": "usd", "customer": customer.id,
                                                   "metadata": {"order_id": "pi-1"}})
    assert intent.status == "requires_payment_method" and intent.client_secret.startswith(intent.id)
    with pytest.raises(stripe.CardError) as declined:
        sdk.v1.payment_intents.confirm(intent.id, params={"payment_method": "pm_card_chargeDeclinedInsufficientFunds"})
    assert declined.value.http_status == 402 and declined.value.code == "card_declined"
    assert declined.value.error.decline_code == "insufficient_funds"
    assert declined.value.error.payment_intent.status == "requires_payment_method"
    failed = sdk.v1.charges.retrieve(declined.value.error.charge)
    assert failed.status == "failed" and failed.failure_code == "card_declined"
    assert failed.outcome.type == "issuer_declined"
    paid = sdk.v1.payment_intents.confirm(intent.id, params={"payment_method": "pm_card_visa"})
    assert paid.status == "succeeded" and paid.amount_received == 2000
    charge = sdk.v1.charges.retrieve(paid.latest_charge, params={"expand": ["balance_transaction"]})
    assert charge.paid and charge.balance_transaction.amount == 2000 and charge.balance_transaction.fee == 88
    types = [e.type for e in sdk.v1.events.list(params={"limit": 10}).data
             if getattr(e.data.object, "payment_intent", None) == intent.id or e.data.object.id == intent.id]
    assert {"charge.failed", "payment_intent.payment_failed", "charge.succeeded",
            "payment_intent.succeeded"} <= set(types)
    manual = sdk.v1.payment_intents.create(params={"amount": 900, "currency": "usd", "capture_method": "manual",
                                                   "payment_method": "pm_card_visa", "confirm": True})
    assert manual.status == "requires_capture"
    assert sdk.v1.payment_intents.capture(manual.id).status == "succeeded"


def test_invoice_pay_needs_a_payment_method(sdk):
    customer = sdk.v1.customers.create(params={"email": "inv@x.test"})
    invoice = sdk.v1.invoices.create(params={"customer": customer.id})
    sdk.v1.invoice_items.create(params={"customer": customer.id, "invoice": invoice.id, "amount": 3000,
                                        "currency": "usd"})
    with pytest.raises(stripe.InvalidRequestError) as none:
        sdk.v1.invoices.pay(invoice.id)
    assert "no attached payment source or default payment method" in none.value.user_message
    paid = sdk.v1.invoices.pay(invoice.id, params={"payment_method": "pm_card_visa"})
    assert paid.status == "paid" and paid.amount_paid == 3000 and paid.status_transitions.paid_at


def test_lists_and_search(sdk):
    tag = f"t{time.time_ns()}"
    made = [sdk.v1.customers.create(params={"email": f"{tag}-{n}@x.test", "metadata": {"tag": tag}}) for n in range(3)]
    found = sdk.v1.customers.search(params={"query": f"metadata['tag']:'{tag}'"})
    assert {c.id for c in found.data} == {c.id for c in made}
    first = sdk.v1.customers.list(params={"limit": 2})
    assert first.has_more and len(first.data) == 2
    after = sdk.v1.customers.list(params={"limit": 2, "starting_after": first.data[-1].id})
    assert first.data[-1].id not in {c.id for c in after.data}
    assert sdk.v1.customers.list(params={"email": made[0].email}).data[0].id == made[0].id
    assert sdk.v1.invoices.list(params={"limit": 3}).object == "list"
    assert sdk.v1.payment_intents.search(params={"query": "status:'succeeded'"}).object == "search_result"


def test_deleting_a_customer_as_stripe_does(sdk):
    customer = sdk.v1.customers.create(params={"email": "gone@x.test", "metadata": {"erase": "me"}})
    deleted = sdk.v1.customers.delete(customer.id)
    assert deleted.to_dict() == {"id": customer.id, "object": "customer", "deleted": True}
    assert sdk.v1.customers.retrieve(customer.id).to_dict() == {"id": customer.id, "object": "customer",
                                                                 "deleted": True}
    assert customer.id not in {c.id for c in sdk.v1.customers.list(params={"email": "gone@x.test"}).data}
    assert not sdk.v1.customers.search(params={"query": "metadata['erase']:'me'"}).data
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.invoices.create(params={"customer": customer.id})
    event = next(e for e in sdk.v1.events.list(params={"type": "customer.deleted"}).data
                 if e.data.object.id == customer.id)
    assert event.data.object.email == "gone@x.test"
