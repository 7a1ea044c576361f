"""Privacy's pure rules: whom a value names (case-insensitive, whole names only), what erasing does to each
deal event type's personal fields (every type must declare them), where a verifier finds a trace, when the
Person Erased event is made, and what Stripe payloads keep."""
from __future__ import annotations

import json
from dataclasses import fields

import pytest

import dealroom.domain.events  # noqa: F401  (registers the deal room's event types)
from commerce.domain import order_events  # noqa: F401  (and commerce's)
from commerce.domain.erasure import DONE, RUNNING, ErasureRequest, finished_found
from commerce.domain.events import registry
from commerce.domain.privacy import ERASED, FORMER_MEMBER, Person, scrub_emails, traces
from commerce.domain.privacy_events import PersonErased, person_erased
from commerce.domain.stripe_scrub import scrub_payload
from dealroom.domain.erasure import PERSONAL_FIELDS, LoggedEvent, approvals_kept, redacted
from dealroom.domain.events import DealEvent, from_stored

DANA = Person(email="dana@acme.test", user_ids=frozenset({"u-dana"}), names=frozenset({"Dana Buyer", "Lee"}))


def test_drafts_are_deleted_when_prose_names_them_by_email_or_full_name_as_whole_words():
    dana = Person(email="dana@acme.test", names=frozenset({"Dana Buyer"}))
    assert dana.named_in_prose("Hi Dana Buyer,\nthanks for approving") and dana.named_in_prose("cc DANA@acme.test")
    assert not dana.named_in_prose("Hi Dana Buyers' team,") and not dana.named_in_prose("Hi team,")


def test_addresses_are_scrubbed_from_text_of_any_length_in_one_pass():
    # a long run without "@" (a 450 KB webhook payload) once made the pattern retry from every position
    text = "x" * 300_000 + " write to Dana@Acme.test; " + "a." * 100_000
    scrubbed = scrub_emails(text)
    assert scrubbed.count(ERASED) == 1 and "Dana@" not in scrubbed and len(scrubbed) < len(text)


def test_mentions_are_case_insensitive_for_the_email_and_whole_strings_for_names_and_ids():
    assert DANA.mentioned_in({"notes": ["call DANA@Acme.TEST tomorrow"]})
    assert DANA.mentioned_in({"by": "dana buyer"}) and DANA.mentioned_in(["u-dana"])
    assert not DANA.mentioned_in({"city": "Leeds", "id": "u-dana-2", "by": "Tom"})
    with pytest.raises(ValueError):
        Person(email="Dana@acme.test")  # a person is known by a normalized email


def test_scrub_keeps_the_facts_and_takes_the_person_out():
    value = {"note": "Ask Dana@ACME.test", "by": "Dana Buyer", "user": "u-dana", "qty": 3, "other": "Tom"}
    assert DANA.scrub(value) == {"note": f"Ask {ERASED}", "by": FORMER_MEMBER, "user": "", "qty": 3, "other": "Tom"}
    assert scrub_emails("mail a.b@c.io or X@Y.ORG") == f"mail {ERASED} or {ERASED}"


def test_traces_name_the_path_inside_keys_and_json_held_in_strings():
    item = {"PK": "EMAIL#dana@acme.test", "entity": "DealEvent",
            "payload": json.dumps({"email": "DANA@acme.test", "role": "legal", "list": ["x", "Dana@Acme.test"]}),
            "n": 3}
    assert sorted(traces(item, "Dana@ACME.test")) == ["PK", "payload.email", "payload.list[1]"]
    assert list(traces({"data": "not json but dana@acme.test"}, "dana@acme.test")) == ["data"]
    assert list(traces(item, "tom@acme.test")) == []


# the types a deal's log stores (Deal Scored comes from the insights item, never the log)
DEAL_EVENT_TYPES = sorted(name for name, cls in registry().items() if issubclass(cls, DealEvent))


def test_every_deal_event_type_declares_its_personal_fields():
    assert set(DEAL_EVENT_TYPES) <= set(PERSONAL_FIELDS), "declare the new type's personal fields"
    for name, personal in PERSONAL_FIELDS.items():
        declared = {f.name for f in fields(registry()[name])}
        assert personal <= declared, name


SAMPLES = {
    "quote.line_set": ({"sku": "SEAT", "name": "Seat", "quantity": 3, "previous_quantity": 1, "quote_version": 4,
                        "by": "Dana Buyer"}, "u-dana", "Former member set Seat to 3 (was 1)"),
    "approval.given": ({"role": "legal", "role_label": "Legal", "by": "Dana Buyer", "quote_version": 4,
                        "ready": False}, "u-dana", "Former member approved version 4 as Legal"),
    "order.created": ({"quote_version": 4, "by": "Dana Buyer", "order_id": "o1"}, "u-dana",
                      "Former member started payment for version 4"),
    "member.invited": ({"name": "Dana Buyer", "role": "legal", "role_label": "Legal", "email": "dana@acme.test"},
                       None, "Former member was invited as Legal"),
    "member.joined": ({"user_id": "u-dana", "name": "Dana Buyer", "role": "legal", "role_label": "Legal"},
                      "u-dana", "Former member joined as Legal"),
    "member.role_changed": ({"user_id": "u-dana", "name": "Dana Buyer", "role": "legal", "role_label": "Legal"},
                            None, "Former member is now Legal"),
}


@pytest.mark.parametrize("event_type", sorted(SAMPLES))
def test_an_event_concerning_the_person_keeps_its_facts_under_former_member(event_type):
    payload, actor_user_id, summary = SAMPLES[event_type]
    logged = LoggedEvent(deal_id="d1", seq=7, type=event_type, payload=payload,
                         actor="Dana Buyer" if actor_user_id else "sales@quorum.test", actor_user_id=actor_user_id)
    kept = redacted(logged, DANA)
    assert kept is not None and not DANA.mentioned_in(kept.payload) and not DANA.mentioned_in(kept.actor)
    assert kept.actor_user_id is None and kept.seq == 7
    assert kept.actor == (FORMER_MEMBER if actor_user_id else "sales@quorum.test")
    assert from_stored(event_type, kept.payload).summary() == summary
    facts = {k: v for k, v in payload.items() if k not in PERSONAL_FIELDS[event_type]}
    assert {k: kept.payload[k] for k in facts} == facts
    assert redacted(kept, DANA) is None  # twice changes nothing


def test_events_of_other_people_are_left_alone_and_their_approvals_too():
    toms = LoggedEvent(deal_id="d1", seq=8, type="approval.given", actor="Tom", actor_user_id="u-tom",
                       payload={"role": "legal", "role_label": "Legal", "by": "Tom", "quote_version": 4, "ready": True})
    assert redacted(toms, DANA) is None
    approvals = {"legal": {"user_id": "u-tom", "name": "Tom", "at": 1, "quote_version": 4},
                 "economic_buyer": {"user_id": "u-dana", "name": "Dana Buyer", "at": 2, "quote_version": 4}}
    assert approvals_kept(approvals, DANA) == {
        "economic_buyer": {"user_id": "", "name": FORMER_MEMBER, "at": 2, "quote_version": 4}}


def request(status: str, email=None, **found) -> ErasureRequest:
    return ErasureRequest(id="r1", status=status, requested_by="dpo", requested_at=1, email=email,
                          found={k: list(v) for k, v in found.items()}, completed_at=9, runs=2)


def test_person_erased_is_made_once_when_a_request_becomes_done():
    running = request(RUNNING, "dana@acme.test", user_ids=["u-dana"], deal_ids=["d1", "d2"], names=["Dana"])
    done = request(DONE, None, deal_ids=["d1", "d2"])
    event = person_erased(running, done)
    assert event == PersonErased(request_id="r1", email="dana@acme.test", user_ids=("u-dana",),
                                 deal_ids=("d1", "d2"), erased_at=9, run=2)
    assert person_erased(done, done) is None and person_erased(running, running) is None
    assert person_erased(None, running) is None
    assert event.as_payload("members") == {} and event.as_payload("staff")["email"] == "dana@acme.test"
    assert finished_found(running.found) == {"deal_ids": ["d1", "d2"]}
    assert running.next_step(("locate", "memberships")) == "locate"


def test_stripe_payloads_keep_ids_and_amounts_but_not_contact_details():
    event = {"id": "evt_1", "type": "invoice.paid", "data": {"object": {
        "object": "invoice", "id": "in_1", "customer": "cus_1", "customer_email": "dana@acme.test",
        "customer_name": "Dana Buyer", "customer_address": {"line1": "1 Main St", "city": "Leeds"},
        "amount_paid": 36000, "metadata": {"order_id": "o1", "contact": "DANA@ACME.TEST"},
        "lines": {"data": [{"description": "Seat × 3", "price": {"product": {"object": "product", "name": "Seat"}}}]},
    }}}
    text = scrub_payload(json.dumps(event))
    obj = json.loads(text)["data"]["object"]
    assert "dana" not in text.lower() and "Main St" not in text
    assert (obj["customer"], obj["amount_paid"], obj["metadata"]["order_id"]) == ("cus_1", 36000, "o1")
    assert obj["customer_address"] == {"line1": None, "city": None}  # the shape stays, the values go
    assert obj["lines"]["data"][0]["price"]["product"]["name"] == "Seat"  # a product's name is not a person's
    customer = json.loads(scrub_payload(json.dumps({"data": {"object": {"object": "customer", "name": "Dana"}}})))
    assert customer["data"]["object"]["name"] is None
    plain = json.dumps({"id": "evt_2", "data": {"object": {"object": "charge", "amount": 5}}}, indent=4)
    assert scrub_payload(plain) == plain  # nothing personal: byte for byte
    assert scrub_payload("not json from dana@acme.test") == "not json from [redacted]"
