"""X-Ray traces sent by the real SDK over UDP to the devstack receiver (`xray`), read back as the Traces page
reads them: a cart add with its DynamoDB call, a deal's stage change as an annotated transition, a Stripe
webhook under its event id (trace and log lines), stream batches and scheduled runs as segments of their
own, and nothing at all when sampling says no."""
from __future__ import annotations

import json
import uuid
from types import SimpleNamespace

from django.conf import settings
from django.test import Client
from django.urls import reverse

from commerce import scheduled, streams
from commerce.payments import stripe_gateway
from commerce.services import carts
from dealroom.ops.views import _terms_initial
from dealroom.persistence.uow import unit_of_work as deal_unit_of_work
from dealroom.services.deals import deal_create
from tests import factories
from tests.integration.ops_helpers import signed_in
from tests.log_helpers import console_output, json_lines
from tests.stripe_helpers import deliver, events_for, pay

NOTHING_SAMPLED = json.dumps({"version": 2, "rules": [], "default": {"fixed_target": 0, "rate": 0.0}})


def _cid() -> str:
    return f"test-{uuid.uuid4().hex}"


def _cart_add(client: Client, cart_id: str, sku: str, quantity: int, cid: str):
    return client.put(f"/api/carts/{cart_id}/lines/{sku}", data=json.dumps({"quantity": quantity}),
                      content_type="application/json", HTTP_X_CORRELATION_ID=cid)


def _emf(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith('{"_aws"')]


def test_a_cart_add_is_a_segment_whose_subsegments_include_the_dynamodb_call(table, tracing):
    factories.product("TRACE-1", price=1500, stock=10)
    cart = carts.cart_create()
    cid = _cid()
    response = _cart_add(Client(), cart.id, "TRACE-1", 2, cid)
    assert response.status_code == 200
    assert response["X-Correlation-ID"] == cid

    trace = tracing.correlated(cid)
    assert trace.entry == "http" and trace.status == 200
    assert trace.title == f"PUT /api/carts/{cart.id}/lines/TRACE-1"
    assert trace.annotations["route"] == "api/carts/<cart_id>/lines/<sku>"
    assert trace.annotations["outcome"] == "ok" and trace.root.name == settings.QUORUM_SERVICE_NAME
    calls = [n for n in trace.nodes() if n.namespace == "aws" and n.name == "dynamodb"]
    updates = [n for n in calls if n.aws.get("operation") == "UpdateItem"]
    assert updates and updates[0].aws["table_name"] == table
    root = trace.root
    assert all(root.start <= n.start <= n.end <= root.end for n in calls)  # inside the request, with durations


def test_a_stage_change_is_an_annotated_transition_subsegment_and_a_metric(table, tracing, capfd):
    created = deal_create(account_name="Northwind", owner="sales@q.test", base_url="http://testserver")
    deal = created.deal
    client = signed_in("sales@q.test", "sales")
    cid = _cid()
    form = {**_terms_initial(deal), "stage": "negotiation"}
    response = client.post(reverse("ops_deals:deal", args=[deal.id]), form, HTTP_X_CORRELATION_ID=cid)
    assert response.status_code == 302, response.content[:400]

    trace = tracing.correlated(cid)
    assert trace.annotations["role"] == "sales"  # who asked, on the request's segment
    (transition,) = [n for n in trace.nodes() if n.name == "deal.stage_transition"]
    notes = transition.annotations
    assert notes["deal_id"] == deal.id and notes["stage"] == "negotiation"
    assert notes["previous_stage"] == "discovery" and notes["outcome"] == "committed"
    assert isinstance(notes["days_in_previous_stage"], (int, float)) and notes["days_in_previous_stage"] >= 0
    assert any(n.name == "dynamodb" and n.aws.get("operation") == "TransactWriteItems" for n in transition.children)
    # the event written with the change carries the request's correlation id (for its subscribers)
    (event,) = deal_unit_of_work().events.newest(deal.id, limit=1)
    assert event.type == "deal.updated" and event.correlation_id == cid
    metrics = [m for m in _emf(capfd.readouterr().out) if "DealStageChanges" in m]
    assert metrics and metrics[-1]["stage"] == "negotiation" and metrics[-1]["DealStageChanges"] == [1.0]


def test_a_webhook_carries_the_stripe_event_id_in_its_trace_and_log_lines(table, tracing, capfd):
    from tests.integration.test_payments import order_with_session

    factories.product("TRACE-W", price=2500, stock=5)
    order = order_with_session(**{"TRACE-W": 2})
    status, _ = pay(order.payment.checkout_url, "4242 4242 4242 4242")
    assert status == 303
    (completed,) = [e for e in events_for(stripe_gateway.client(), order_id=order.id)
                    if e["type"] == "checkout.session.completed"]
    capfd.readouterr()
    with console_output() as logs:
        response = deliver(Client(), completed, settings.STRIPE_WEBHOOK_SECRET)
    assert response.status_code == 200 and response["X-Correlation-ID"] == completed["id"]
    out = capfd.readouterr().out

    trace = tracing.correlated(completed["id"])
    (webhook,) = [n for n in trace.nodes() if n.name == "stripe.webhook"]
    assert webhook.annotations["stripe_event_id"] == completed["id"]
    assert webhook.annotations["stripe_event_type"] == "checkout.session.completed"
    assert webhook.annotations["outcome"] == "processed" and webhook.annotations["order_id"] == order.id
    assert any(n.name == "order.paid" and n.annotations["outcome"] == "paid" for n in trace.nodes())

    lines = json_lines(logs.getvalue())
    processed = [line for line in lines if "processed" in str(line["message"])]
    assert processed, logs.getvalue()[-2000:]
    assert all(line["correlation_id"] == completed["id"] for line in lines)  # every line of the delivery
    assert processed[0]["trace_id"] == trace.trace_id  # log line -> trace
    emf = {name: m for m in _emf(out) for name in m if name in ("OrdersPaid", "Revenue")}
    assert emf["OrdersPaid"]["OrdersPaid"] == [1.0]
    assert emf["Revenue"]["Revenue"] == [50.0] and emf["Revenue"]["currency"] == "usd"


def test_stream_batches_and_scheduled_runs_are_segments_of_their_own(table, tracing):
    request_id = _cid()
    assert scheduled.reservations_sweep({}, SimpleNamespace(aws_request_id=request_id)) == {"expired_orders": 0}
    run = tracing.correlated(request_id)
    assert run.entry == "schedule" and run.annotations["operation"] == "commerce.scheduled.reservations_sweep"
    assert run.annotations["outcome"] == "ok"

    batch_id = _cid()
    record = {"eventID": "1", "eventName": "INSERT", "dynamodb": {"SequenceNumber": "1", "NewImage": {
        "entity": {"S": "NothingHandlesThis"}}}}
    assert streams.handle({"Records": [record]}, SimpleNamespace(aws_request_id=batch_id)) == {"batchItemFailures": []}
    batch = tracing.correlated(batch_id)
    assert batch.entry == "stream" and batch.annotations["records"] == 1 and batch.annotations["outcome"] == "ok"


def test_sampling_off_sends_nothing(table, tracing, settings):
    factories.product("TRACE-S", price=900, stock=10)
    cart = carts.cart_create()
    client = Client()
    settings.XRAY_SAMPLING_RULES = NOTHING_SAMPLED
    unsampled = _cid()
    assert _cart_add(client, cart.id, "TRACE-S", 1, unsampled).status_code == 200
    settings.XRAY_SAMPLING_RULES = ""  # everything again: what is sent after is received after
    sampled = _cid()
    assert _cart_add(client, cart.id, "TRACE-S", 2, sampled).status_code == 200
    tracing.correlated(sampled)
    kept = tracing.traces()
    assert not [t for t in kept if any(n.annotations.get("correlation_id") == unsampled for n in t.nodes())]
    assert len([t for t in kept if cart.id in t.title]) == 1  # the sampled add only
