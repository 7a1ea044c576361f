"""A data subject on the real stack (DynamoDB Local, the Stripe emulator through the SDK, its webhooks): Dana
joins two deals, edits a quote, approves, pays by invoice; her export holds all of it; the erasure, stopped
after its second step and run again, leaves nothing a case-insensitive scan of the table (event payloads and
sessions included) or Stripe's customer list (metadata included) can find, while the committee's log still
reads sensibly and her old session cookie and invitation links open nothing."""
from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client

from commerce import streams
from commerce.payments import stripe_gateway, stripe_privacy
from commerce.services import selectors
from commerce.services.audit import audit_list
from dealroom.privacy import erase
from dealroom.privacy.identity import request_id
from dealroom.privacy.verify import person_verify
from dealroom.services import approvals, pay, quote
from dealroom.services.deals import deal_create
from dealroom.services.invites import invite_create
from tests import factories
from tests.integration.fanout_helpers import drain, new_stage, validate
from tests.integration.test_streams import read_stream
from tests.stripe_helpers import pay as pay_on_hosted_page

DANA = "dana.buyer@northwind.test"
SHOUTED = "DANA.Buyer@Northwind.TEST"  # how a trace may be spelled: the verifier must still find it


def token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def join(client: Client, url: str) -> str:
    """Dana (or anyone) opens an invitation link and presses Join: the session now holds the membership."""
    assert client.get(f"/deals/join/{token(url)}/").status_code == 200
    answer = client.post(f"/deals/join/{token(url)}/")
    assert answer.status_code == 302, answer.content[:300]
    return answer["Location"].rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def dana(table, webhooks):
    """Two deals Dana joined (economic buyer on Northwind, champion on Globex), a third invitation she never
    used; she edited and approved Northwind's quote and paid it by invoice (the webhook marked it paid)."""
    factories.product("SEAT", name="Seat licence", price=12000, stock=50)
    northwind = deal_create(account_name="Northwind", owner="sales@quorum.test", base_url="http://testserver",
                            members=((DANA, "economic_buyer", "Dana Buyer"), ("tom@northwind.test", "technical_buyer",
                                                                             "Tom Tech"),
                                     ("lee@northwind.test", "legal", "Lee Legal")))
    globex = deal_create(account_name="Globex", owner="sales@quorum.test", base_url="http://testserver",
                         members=(("gail@globex.test", "economic_buyer", "Gail"),))
    globex_link = invite_create(deal_id=globex.deal.id, email=DANA, role="champion", name="Dana Buyer",
                                created_by="sales@quorum.test", base_url="http://testserver",
                                audit_actor="sales@quorum.test")
    unused = deal_create(account_name="Initech", owner="sales@quorum.test", base_url="http://testserver",
                         members=((DANA, "legal", "Dana B."),))
    browser = Client()
    assert join(browser, northwind.invites[DANA]) == northwind.deal.id
    assert join(browser, globex_link) == globex.deal.id
    assert browser.get(f"/deals/{northwind.deal.id}/").status_code == 200  # seen: engagement counted
    others = Client()
    users = {"dana": browser.session["deal_members"][northwind.deal.id]}
    for email in ("tom@northwind.test", "lee@northwind.test"):
        join(others, northwind.invites[email])
        users[email] = others.session["deal_members"][northwind.deal.id]

    deal_id = northwind.deal.id
    quote.quote_line_set(deal_id=deal_id, user_id=users["dana"], sku="SEAT", quantity=3)
    version = selectors.cart_get(cart_id=northwind.deal.cart_id).version
    for user_id in (users["dana"], users["tom@northwind.test"], users["lee@northwind.test"]):
        approvals.approval_give(deal_id=deal_id, user_id=user_id, quote_version=version)
    order = pay.deal_pay_by_invoice(deal_id=deal_id, user_id=users["dana"], net_days=30)
    customer_id = stripe_gateway.client().v1.invoices.retrieve(order.payment.invoice_id).customer
    # Dana saves a card for later invoices; Stripe's metadata carries her address as someone typed it
    stripe_gateway.client().v1.customers.update(customer_id, params={
        "invoice_settings": {"default_payment_method": "pm_card_visa"}, "metadata": {"contact": SHOUTED}})
    assert pay_on_hosted_page(order.payment.invoice_url, "4242 4242 4242 4242")[0] in (200, 303)
    webhooks.settle()
    assert selectors.order_get(order_id=order.id).status == "paid"
    Client().post("/admin/login/", {"email": DANA, "password": "not her password at all"})  # a throttle counter
    return {"browser": browser, "northwind": northwind, "globex": globex, "unused": unused.invites[DANA],
            "users": users, "order": order, "customer_id": customer_id, "globex_link": globex_link}


def test_export_then_an_interrupted_erasure_leaves_no_trace(dana, table, monkeypatch, tmp_path, settings):
    deal_id, order = dana["northwind"].deal.id, dana["order"]
    before = person_verify(email=SHOUTED)
    found = {t.entity for t in before.traces}
    assert {"User", "EmailClaim", "DealMember", "Invite", "DealEvent", "BillingCustomer", "Audit",
            "THROTTLE"} <= found, found
    (listed,) = [c for c in before.stripe_traces if c["id"] == dana["customer_id"]]
    assert {"email", "metadata"} <= set(listed["fields"])  # the metadata's mixed-case spelling is found too
    assert any(t.entity == "DealEvent" and t.path == "payload.email" for t in before.traces)

    # --- the export ---------------------------------------------------------------------------------------
    out = tmp_path / "export.json"
    call_command("privacy_export", DANA.upper(), "--output", str(out), "--actor", "dpo@quorum.test")
    document = json.loads(out.read_text())
    assert document["user"]["email"] == DANA and document["sessions"] == {"active": 1}
    rooms = {m["deal"]["account_name"]: m for m in document["memberships"]}
    assert set(rooms) == {"Northwind", "Globex"}
    northwind, globex = rooms["Northwind"], rooms["Globex"]
    assert (northwind["role"], northwind["sees"], globex["role"], globex["sees"]) == (
        "economic_buyer", "prices", "champion", "members")
    assert northwind["quote"]["lines"][0]["unit_price"] == {"amount": 12000, "currency": "usd"}
    assert "total" not in globex["quote"]  # a champion on Globex does not see prices: neither does her export
    assert northwind["engagement"]["views"] >= 1 and northwind["engagement"]["actions"] >= 3
    assert [a["role"] for a in northwind["approvals"]] == ["economic_buyer"]
    types = [e["type"] for e in northwind["events"]]
    assert {"member.invited", "member.joined", "quote.line_set", "approval.given", "order.created"} <= set(types)
    assert {i["deal"]["account_name"] for i in document["invitations"]} == {"Northwind", "Globex", "Initech"}
    (exported_order,) = document["orders"]
    assert exported_order["id"] == order.id and exported_order["status"] == "paid"
    assert exported_order["payment"]["method"] == "invoice" and exported_order["total"]["amount"] == 36000
    (customer,) = document["stripe_customers"]
    assert customer["email"] == DANA and customer["metadata"]["contact"] == SHOUTED
    (method,) = customer["payment_methods"]
    assert method["card"] == {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2034, "country": "US",
                              "funding": "credit"}
    assert [e["action"] for e in document["audit_entries"]] == ["invite.create"]
    assert "Tom Tech" not in out.read_text()  # other people's data stays out of her export
    (audited,) = audit_list(target_type="person", target_id=request_id(DANA)).items
    assert (audited.action, audited.actor, audited.after["sections"]["memberships"]) == (
        "privacy.export", "dpo@quorum.test", 2)
    assert "dana" not in json.dumps([audited.before, audited.after, audited.reason]).lower()  # who asked, not what

    # --- staff's follow-up drafts: one names her, one does not ------------------------------------------------
    from commerce import clock
    from dealroom.domain.insights import Draft
    from dealroom.persistence import keys
    from dealroom.persistence.drafts import DraftItem
    from dealroom.persistence.uow import unit_of_work as deal_uow

    u = deal_uow()
    for ref, greeting in (("v1", "Hi Dana Buyer,"), ("v2", "Hi team,")):
        u.drafts.add(Draft(deal_id=deal_id, trigger="fully_approved", ref=ref, subject="Next steps", body=greeting,
                           to_roles=("economic_buyer",), provider="staff", generated_at=clock.now()))
    u.commit()

    # --- the erasure, stopped after its second step ---------------------------------------------------------
    steps = dict(erase.STEPS)

    def crash(request):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(erase, "STEPS", tuple((name, crash if name == "sessions" else fn) for name, fn in
                                              steps.items()))
    with pytest.raises(RuntimeError, match="died"):
        call_command("privacy_erase", DANA, "--no-input", "--actor", "dpo@quorum.test")
    stopped = erase.erasure_get(request_id=request_id(DANA))
    assert stopped.running and set(stopped.steps) == {"locate", "memberships"} and stopped.email == DANA
    assert dana["browser"].get(f"/deals/{deal_id}/").status_code == 404  # access ended at step 2 already

    monkeypatch.setattr(erase, "STEPS", tuple(steps.items()))
    call_command("privacy_erase", DANA, "--no-input", "--actor", "dpo@quorum.test")  # finishes, no error
    done = erase.erasure_get(request_id=request_id(DANA))
    assert not done.running and done.email is None and set(done.steps) == set(erase.STEP_NAMES)
    assert set(done.found) == {"deal_ids", "order_ids"} and done.counts["billing"] >= 1
    (kept,) = deal_uow().drafts.of_deal(deal_id)
    assert kept.body == "Hi team,"  # the one naming her is gone; the other expires 90 days after it was written
    stored = DraftItem.get(keys.deal_pk(deal_id), keys.draft_sk(kept.trigger, kept.ref))
    assert stored.expires_at.timestamp() == kept.generated_at + 90 * 86400

    # --- nothing left, in any case, anywhere -----------------------------------------------------------------
    after = person_verify(email=SHOUTED, segments=3)
    assert after.clean, after.traces + after.stripe_traces
    assert after.items_read > 50 and after.read_units > 0
    call_command("privacy_verify", DANA, "--segments", "2")  # exit 0: no CommandError
    assert stripe_privacy.customer_deleted(customer_id=dana["customer_id"])
    assert stripe_gateway.client().v1.customers.retrieve(dana["customer_id"]).to_dict() == {
        "id": dana["customer_id"], "object": "customer", "deleted": True}

    # --- her old session and links open nothing --------------------------------------------------------------
    browser = dana["browser"]
    assert browser.get(f"/deals/{deal_id}/").status_code == 404
    assert browser.get(f"/deals/{dana['globex'].deal.id}/").status_code == 404
    admin = browser.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]  # the sign-in page
    for link in (dana["northwind"].invites[DANA], dana["globex_link"], dana["unused"]):
        answer = browser.get(f"/deals/join/{token(link)}/")
        assert answer.status_code == 404 and b"This link does not work" in answer.content

    # --- the committee's log still reads sensibly; the order is kept ----------------------------------------
    tom = dana["users"]["tom@northwind.test"]
    log = selectors_events(deal_id, tom)
    text = " / ".join(e["summary"] for e in log)
    assert "Former member set Seat licence to 3" in text
    assert "Former member approved version" in text and "as Economic buyer" in text
    assert "Former member started payment" in text
    assert "A former member (Economic buyer) left the committee" in text
    assert "Dana" not in json.dumps(log)
    from dealroom.services.log import deal_read

    deal = deal_read(deal_id)
    version = selectors.cart_get(cart_id=deal.cart_id).version
    assert deal.approvals["economic_buyer"]["name"] == "Former member" and deal.approvals_for(version)
    assert selectors.order_get(order_id=order.id).status == "paid"

    # --- downstream systems hear "Person Erased" from the stream: a subscriber, and every vendor's queue ------
    HEARD.clear()
    monkeypatch.setattr("commerce.privacy_notices._subscribers", ["tests.integration.test_privacy.hear"])
    settings.INTEGRATIONS_STAGE = "restored-after-the-test"  # the settings fixture restores the session's stage
    new_stage()  # this test's own bus stage and vendor queues
    records = [r for r in read_stream(table) if streams.entity_of(r) == "PrivacyRequest"]
    assert streams.handle({"Records": records}) == {"batchItemFailures": []}
    (event,) = HEARD  # once: the record that moved the request from running to done
    assert (event.email, event.request_id, event.deal_ids) == (DANA, done.id, tuple(sorted(done.found["deal_ids"])))
    for vendor in ("salesforce", "gong", "clari", "generic"):  # deal-level vendors through their erasures rule
        (envelope,) = drain(vendor)
        validate(envelope)
        assert (envelope["type"], envelope["detail_type"], envelope["subject"]) == (
            "person.erased", "Person Erased", {"kind": "person", "id": done.id, "position": done.runs})
        assert envelope["payload"]["deal_ids"] == sorted(done.found["deal_ids"])
        # the address only to vendors that were sent addresses; the others erase by the ids they hold
        assert envelope["payload"].get("email") == (DANA if vendor in ("salesforce", "gong") else None)

    # --- erasing again changes nothing more ------------------------------------------------------------------
    again = erase.person_erase(email=DANA, actor="dpo@quorum.test")
    assert again.runs == 2 and sum(again.counts.values()) == 0


HEARD: list = []  # what a subscriber of commerce.privacy_notices received


def hear(event) -> None:
    HEARD.append(event)


def selectors_events(deal_id: str, user_id: str) -> list[dict]:
    from dealroom import selectors

    return selectors.events_after(deal_id=deal_id, user_id=user_id, after=0, limit=500)
