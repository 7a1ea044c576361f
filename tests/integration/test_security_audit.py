"""Regression tests for the outside audit (issue 12), one per finding, on the real local stack.
Finding 1 (a quote checked out around its room) is in test_deal_payment.py; finding 4 (a member's role
change re-read by the gateway) in tests/e2e/test_realtime_roles.py."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.test import Client

from commerce.payments import rejections
from devstack.stripe_emulator.webhooks import sign
from tests import factories
from tests.integration.ops_helpers import signed_in
from tests.table import count, stock

ROOT = Path(__file__).resolve().parents[2]
COMMITTEE = (("eb@audit.test", "economic_buyer", "Erin"), ("tb@audit.test", "technical_buyer", "Tom"),
             ("lg@audit.test", "legal", "Lee"))


def join(link: str, client: Client | None = None) -> Client:
    client = client or Client()
    path = link.replace("http://testserver", "")
    assert client.post(path).status_code == 302
    return client


@pytest.fixture
def paid_deal(table):
    """A deal whose economic buyer asked for an invoice: its order exists, priced at the tier."""
    from dealroom.services.deals import deal_create

    factories.product("SEAT", price=10000, stock=10)
    created = deal_create(account_name="Audit Co", owner="s@q.test", base_url="http://testserver",
                          members=COMMITTEE, discount_bps=2000)
    clients = {role: join(created.invites[email]) for email, role, _ in COMMITTEE}
    deal = f"/api/deals/{created.deal.id}"
    clients["technical_buyer"].put(f"{deal}/quote/lines/SEAT", data={"quantity": 2},
                                   content_type="application/json")
    version = clients["economic_buyer"].get(deal).json()["quote"]["version"]
    for client in clients.values():
        client.post(f"{deal}/approvals", data={"quote_version": version}, content_type="application/json")
    paid = clients["economic_buyer"].post(f"{deal}/pay", data={"method": "invoice", "net_days": 30},
                                          content_type="application/json")
    assert paid.status_code == 200
    return created.deal.id, paid.json()["order_id"], clients


# 2 ----------------------------------------------------------------------------------------------------

def test_negotiated_prices_and_the_order_stay_with_the_roles_that_may_see_them(paid_deal):
    deal_id, order_id, clients = paid_deal
    tech, payer = clients["technical_buyer"], clients["economic_buyer"]
    assert tech.get(f"/api/deals/{deal_id}").json()["order"] == {"status": "pending_payment"}
    assert set(payer.get(f"/api/deals/{deal_id}").json()["order"]) >= {"id", "invoice_url", "total"}
    for client in (tech, Client()):
        assert client.get(f"/api/orders/{order_id}").status_code == 404
        assert client.get(f"/orders/{order_id}/").status_code == 404
    events = tech.get(f"/api/deals/{deal_id}/events").json()["events"]
    created = [e for e in events if e["type"] == "order.created"][0]
    assert "order_id" not in created["payload"] and "total" not in created["payload"]
    assert payer.get(f"/api/orders/{order_id}").json()["total"]["amount"] == 2 * 8000


# 3 ----------------------------------------------------------------------------------------------------

def test_staff_search_and_filter_deals(table):
    from dealroom.services.deals import deal_create

    for name, stage in (("Acme Freight", "proposal"), ("Acme Foods", "discovery"), ("Globex", "proposal")):
        deal_create(account_name=name, owner="s@q.test", base_url="http://testserver", stage=stage)
    staff = signed_in("sam@audit.test", "sales")
    found = staff.get("/admin/deals/?q=Acme&stage=proposal")
    assert found.status_code == 200
    text = found.content.decode()
    assert "Acme Freight" in text and "Acme Foods" not in text and "Globex" not in text
    assert staff.get("/admin/deals/?stage=no-such-stage").status_code == 200  # a clear message, not a 500


# 5 and 6 ----------------------------------------------------------------------------------------------

@pytest.fixture
def hung_stripe(settings):
    """A Stripe that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.getsockname()[1]}"
    settings.STRIPE_TIMEOUT_SECONDS = 1
    settings.HEALTH_TIMEOUT_SECONDS = 1
    yield
    stop.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    server.close()


def test_a_hung_stripe_is_a_quick_503_and_the_shopper_keeps_the_cart(table, hung_stripe):
    factories.product("MUG", price=1500, stock=4)
    api = Client()
    cart = api.post("/api/carts", content_type="application/json").json()["id"]
    api.put(f"/api/carts/{cart}/lines/MUG", data={"quantity": 2}, content_type="application/json")
    began = time.monotonic()
    refused = api.post(f"/api/carts/{cart}/checkout")
    assert time.monotonic() - began < 8  # one short timeout and one retry, not 80 s
    assert refused.status_code == 503 and refused.json()["code"] == "payment_provider_unavailable"
    again = api.get(f"/api/carts/{cart}").json()
    assert again["status"] == "open" and [line["quantity"] for line in again["lines"]] == [2]
    assert stock("MUG").reserved == 0  # the canceled checkout gave the units back

    began = time.monotonic()
    health = Client().get("/healthz")
    assert time.monotonic() - began < 3
    assert health.status_code == 503 and "stripe" in health.json()["down"]


def test_the_shop_says_the_cart_is_kept_when_stripe_is_down(table, hung_stripe):
    factories.product("PEN", price=500, stock=4)
    shopper = Client()
    shopper.post("/cart/add/", {"sku": "PEN", "quantity": 1})
    page = shopper.post("/cart/checkout/", follow=True)
    assert page.redirect_chain[-1][0] == "/cart/"
    text = page.content.decode()
    assert "your cart is as it was" in text and "Product PEN" in text


# 7 ----------------------------------------------------------------------------------------------------

def test_one_client_cannot_hold_a_products_stock_hostage(table, settings):
    settings.CHECKOUTS_PER_CLIENT_PER_HOUR = 2
    settings.CARTS_PER_CLIENT_PER_HOUR = 4
    settings.CHECKOUT_MAX_UNITS_PER_PRODUCT = 5
    factories.product("HOT", price=100, stock=100)
    api = Client()
    carts = [api.post("/api/carts", content_type="application/json") for _ in range(5)]
    assert [c.status_code for c in carts] == [201, 201, 201, 201, 429]
    assert carts[-1].json()["code"] == "rate_limited"
    ids = [c.json()["id"] for c in carts[:4]]
    api.put(f"/api/carts/{ids[0]}/lines/HOT", data={"quantity": 6}, content_type="application/json")
    too_many = api.post(f"/api/carts/{ids[0]}/checkout")
    assert too_many.status_code == 422 and too_many.json()["code"] == "hold_too_large"
    statuses = []
    for cart in ids[1:]:
        api.put(f"/api/carts/{cart}/lines/HOT", data={"quantity": 5}, content_type="application/json")
        statuses.append(api.post(f"/api/carts/{cart}/checkout").status_code)
    assert statuses == [201, 429, 429]  # the first refused one counted; then the hour's limit
    assert stock("HOT").reserved == 5


# 8 ----------------------------------------------------------------------------------------------------

def test_an_invitation_link_alone_signs_no_one_in_and_one_browser_keeps_every_membership(table):
    from dealroom.services.deals import deal_create

    first = deal_create(account_name="First", owner="s@q.test", base_url="http://testserver",
                        members=(("ana@one.test", "legal", "Ana"),))
    second = deal_create(account_name="Second", owner="s@q.test", base_url="http://testserver",
                         members=(("ana@two.test", "champion", "Ana (work)"),))
    browser = Client(enforce_csrf_checks=True)
    opened = browser.get(first.invites["ana@one.test"].replace("http://testserver", ""))
    assert opened.status_code == 200 and "Join as Ana" in opened.content.decode()
    assert browser.get(f"/deals/{first.deal.id}/").status_code == 404  # a GET signs nobody in
    forged = browser.post(first.invites["ana@one.test"].replace("http://testserver", ""))
    assert forged.status_code == 403  # no CSRF token: a cross-site form cannot join for the victim
    token = browser.cookies["csrftoken"].value
    for link in (first.invites["ana@one.test"], second.invites["ana@two.test"]):
        joined = browser.post(link.replace("http://testserver", ""), HTTP_X_CSRFTOKEN=token)
        assert joined.status_code == 302
    assert browser.get(f"/deals/{first.deal.id}/").status_code == 200
    assert browser.get(f"/deals/{second.deal.id}/").status_code == 200  # the first was not replaced


# 9 ----------------------------------------------------------------------------------------------------

def test_odd_requests_get_clear_answers(table, settings):
    factories.product("LAMP", price=900, stock=3)
    shop = Client()
    slash = shop.post("/cart/add/", {"sku": "a/b", "quantity": 1}, HTTP_REFERER="https://evil.example/x")
    assert slash.status_code == 302 and slash["Location"] == "/products/"  # never a foreign Referer
    back = shop.post("/cart/add/", {"sku": "a/b", "quantity": 1}, HTTP_REFERER="http://testserver/products/LAMP/")
    assert back["Location"] == "http://testserver/products/LAMP/"
    huge = shop.post("/api/carts", data=b"{" + b" " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + b"}",
                     content_type="application/json")
    assert huge.status_code == 413 and huge.json()["code"] == "payload_too_large"
    for path in ("/healthz", "/", "/products/", "/api/products", "/api/meta", "/admin/login/"):
        head = shop.head(path)
        assert head.status_code in (200, 503) and head.content == b"", path
    assert shop.head("/api/products").status_code == 200


def test_pages_carry_a_content_security_policy(table):
    page = Client().get("/")
    policy = page["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy


# 10 and 13 --------------------------------------------------------------------------------------------

def deliver(payload: bytes, *, secret: str, timestamp: int | None = None) -> object:
    return Client().post("/stripe/webhook/", data=payload, content_type="application/json",
                         HTTP_STRIPE_SIGNATURE=sign(payload, secret, timestamp))


MALFORMED = {
    "no data": {"id": "evt_m1", "type": "checkout.session.completed", "created": 1},
    "null data": {"id": "evt_m2", "type": "checkout.session.completed", "created": 1, "data": None},
    "no object": {"id": "evt_m3", "type": "invoice.paid", "created": 1, "data": {}},
    "null object": {"id": "evt_m4", "type": "invoice.paid", "created": 1, "data": {"object": None}},
    "data a string": {"id": "evt_m5", "type": "invoice.paid", "created": 1, "data": "x"},
    "metadata a list": {"id": "evt_m6", "type": "invoice.paid", "created": 1, "data": {"object": {"metadata": []}}},
    "type a list": {"id": "evt_m7", "type": ["invoice.paid"], "created": 1, "data": {"object": {}}},
    "created a string": {"id": "evt_m8", "type": "invoice.paid", "created": "soon", "data": {"object": {}}},
    "id of 3,000 characters": {"id": "evt_" + "x" * 3000, "type": "invoice.paid", "created": 1,
                               "data": {"object": {}}},
    "an order id of 2 KB": {"id": "evt_m9", "type": "invoice.paid", "created": 1,
                            "data": {"object": {"metadata": {"order_id": "o" * 2048}}}},
    "not JSON": None,
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_validly_signed_malformed_events_are_stored_and_answered_200(table, settings, case):
    event = MALFORMED[case]
    payload = b"this is not json" if event is None else json.dumps(event).encode()
    response = deliver(payload, secret=settings.STRIPE_WEBHOOK_SECRET)
    assert response.status_code == 200, (case, response.content[:300])
    assert count("StripeEvent") == 1  # recorded, whatever it was
    assert "Traceback" not in response.content.decode()


def test_a_450_kb_event_is_stored_whole_and_processed(table, settings):
    event = {"id": "evt_big_1", "type": "customer.updated", "created": 1,
             "data": {"object": {"id": "cus_1", "description": "x" * 450_000}}}
    payload = json.dumps(event).encode()
    assert deliver(payload, secret=settings.STRIPE_WEBHOOK_SECRET).status_code == 200
    from commerce.persistence.uow import unit_of_work

    stored = unit_of_work().stripe_events.get("evt_big_1")
    assert stored is not None and stored.payload == payload.decode() and stored.status == "processed"


def test_a_failing_handler_never_echoes_its_error(table, settings, monkeypatch):
    from commerce.payments import handlers

    def boom(obj):
        raise RuntimeError("secret internal detail: table quorum-prod")

    monkeypatch.setitem(handlers.HANDLERS, "test.boom", boom)
    payload = json.dumps({"id": "evt_boom_x", "type": "test.boom", "created": 1, "data": {"object": {}}}).encode()
    response = deliver(payload, secret=settings.STRIPE_WEBHOOK_SECRET)
    assert response.status_code == 500 and "secret internal detail" not in response.content.decode()


def test_signatures_dated_in_the_future_are_refused(table, settings):
    payload = json.dumps({"id": "evt_future", "type": "x", "created": 1, "data": {"object": {}}}).encode()
    later = deliver(payload, secret=settings.STRIPE_WEBHOOK_SECRET, timestamp=int(time.time()) + 3600)
    assert later.status_code == 400 and later.json()["code"] == "invalid_signature"
    assert count("StripeEvent") == 0


def test_a_flood_of_forged_deliveries_writes_a_bounded_number_of_records(table, monkeypatch):
    monkeypatch.setattr(rejections, "bucket", rejections._Bucket(rejections.RATE))
    for n in range(40):
        Client().post("/stripe/webhook/", data=b"{}", content_type="application/json",
                      HTTP_STRIPE_SIGNATURE=f"t=1,v1={n:064x}")
    assert count("StripeRejected") == rejections.RATE


# 12 ---------------------------------------------------------------------------------------------------

def test_production_settings_pass_djangos_deployment_checks():
    env = {"PATH": "/usr/bin:/bin", "QUORUM_ENV": "production", "ALLOWED_HOSTS": "quorum.example", "DEBUG": "false",
           "SECRET_KEY": "Quorum-production-test-key-" + "0123456789abcdefghij" * 2}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_health_fails_without_a_webhook_secret(table, settings):
    settings.HEALTH_CHECKS = ["webhooks"]
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["down"] == ["webhooks"]


def test_members_learn_an_invitees_name_not_their_email(table):
    from dealroom.services.deals import deal_create
    from dealroom.services.invites import invite_create

    created = deal_create(account_name="Names Co", owner="s@q.test", base_url="http://testserver",
                          members=(("eb@names.test", "economic_buyer", "Erin"),))
    member = join(created.invites["eb@names.test"])
    invite_create(deal_id=created.deal.id, email="private.person@names.test", role="legal", name="Lee",
                  created_by="s@q.test", base_url="http://testserver")
    text = member.get(f"/api/deals/{created.deal.id}/events").content.decode()
    assert "private.person@names.test" not in text and "Lee was invited as Legal" in text
