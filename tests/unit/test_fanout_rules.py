"""The fan-out's pure rules: vendor patterns and routing agree, allowlists by field kind, deterministic
envelopes with dedup ids, and the vendor GraphQL API withholds the same kinds."""
import re
from pathlib import Path

import pytest

# every event type registered, whatever ran before: subscriptions, the marketplace, the deal room, Deal Scored
import commerce.domain.billing_events
import commerce.domain.vendor_events  # noqa: F401
import dealroom.domain.events
import dealroom.domain.scoring_events  # noqa: F401
from commerce.domain.events import CONTACT, INTERNAL, PLAIN, SECRET, registry
from commerce.domain.integrations import VENDORS, Outgoing, Subject, Vendor, vendors
from commerce.domain.order_events import OrderStatusChanged
from commerce.domain.privacy_events import PersonErased
from dealroom.domain.events import DealUpdated, MemberInvited

ROOT = Path(__file__).resolve().parents[2]


def _invited():
    event = MemberInvited(name="Eve", role="legal", role_label="Legal", email="eve@x.test")
    return Outgoing(event=event, subject=Subject("deal", "D1", 3), occurred_at="2026-11-30T10:00:00Z", deal_id="D1")


def test_every_detail_type_a_vendor_names_exists_and_generic_takes_everything():
    known = {t for cls in registry().values() for t in cls.detail_types()}
    for vendor in VENDORS:
        assert set(vendor.detail_types) <= known, vendor.name
    generic = next(v for v in VENDORS if v.name == "generic")
    assert generic.event_pattern() == {"source": ["quorum.dealroom", "quorum.commerce"]}
    assert all(generic.wants(cls.SOURCE, t, None) for cls in registry().values() for t in cls.detail_types())


def test_the_pattern_says_what_wants_decides():
    for vendor in VENDORS:
        patterns = [p for p in (vendor.event_pattern(), vendor.erasure_pattern()) if p]
        assert len(vendor.rule_names("prod")) == len(patterns)
        for cls in registry().values():
            for detail_type in cls.detail_types():
                for deal_id in (None, "D1"):
                    by_pattern = any(cls.SOURCE in pattern["source"]
                                     and detail_type in pattern.get("detail-type", [detail_type])
                                     and (deal_id is not None or "detail" not in pattern) for pattern in patterns)
                    assert vendor.wants(cls.SOURCE, detail_type, deal_id) == by_pattern


def test_every_vendor_hears_person_erased_once_with_the_identifiers_it_was_sent():
    erased = PersonErased(request_id="r" * 32, email="dana@northwind.test", user_ids=("u1",), deal_ids=("D1", "D2"),
                          erased_at=1_790_000_000, run=1)
    out = Outgoing(event=erased, subject=Subject("person", "r" * 32, 1), occurred_at="2026-09-21T10:00:00Z")
    assert out.id == f"person:{'r' * 32}:1:person.erased"  # one per erasure run
    assert out.recipients(VENDORS) == VENDORS  # deal-level vendors too: no one deal_id, a rule of their own
    by_name = {v.name: v for v in VENDORS}
    assert by_name["generic"].erasure_pattern() is None  # its one rule already takes everything
    assert by_name["salesforce"].rule_names("prod") == ("quorum-prod-salesforce", "quorum-prod-salesforce-erasures")
    assert by_name["clari"].erasure_pattern() == {"source": ["quorum.commerce"], "detail-type": ["Person Erased"]}
    views = out.detail(VENDORS)["views"]
    for name in ("salesforce", "gong"):  # they received contact details: they get the address to erase
        assert views[name]["payload"]["email"] == "dana@northwind.test"
    for name in ("clari", "generic"):  # they never received an address: they erase by the ids they were sent
        assert "email" not in views[name]["payload"]
        assert views[name]["payload"]["user_ids"] == ["u1"] and views[name]["payload"]["deal_ids"] == ["D1", "D2"]


def test_allowlists_by_kind_contact_for_matching_vendors_notes_only_when_configured():
    out = _invited()
    by_name = {v.name: v for v in vendors()}
    assert out.envelope(by_name["salesforce"])["payload"]["email"] == "eve@x.test"
    assert "email" not in out.envelope(by_name["generic"])["payload"]
    notes = Outgoing(event=DealUpdated(stage="proposal", previous_stage="discovery", internal_notes="secretive"),
                     subject=Subject("deal", "D1", 4), occurred_at="2026-11-30T10:00:00Z", deal_id="D1")
    assert all("internal_notes" not in notes.envelope(v)["payload"] for v in vendors())
    configured = {v.name: v for v in vendors(frozenset({"clari"}))}
    assert notes.envelope(configured["clari"])["payload"]["internal_notes"] == "secretive"
    assert "internal_notes" not in notes.envelope(configured["salesforce"])["payload"]
    with pytest.raises(ValueError, match="never leave"):
        Vendor("leaky", "tokens", kinds=frozenset({PLAIN, SECRET}))


def test_envelopes_are_deterministic_and_ids_deduplicate():
    a, b = _invited(), _invited()
    assert a.detail(VENDORS) == b.detail(VENDORS) and a.id == "deal:D1:3"
    assert set(a.detail(VENDORS)["views"]) == {"salesforce", "gong", "generic"}
    paid = OrderStatusChanged(order_id="O1", status="paid", previous_status="pending_payment", order_version=4)
    out = Outgoing(event=paid, subject=Subject("order", "O1", 4), occurred_at="2026-11-30T10:00:00Z")
    assert out.id == "order:O1:4:order.status_changed" and paid.detail_type() == "Order Paid"
    assert out.recipients(VENDORS) == (VENDORS[-1],)  # a storefront order: generic only


def test_the_graphql_api_withholds_every_contact_and_internal_field():
    withheld = {name for cls in registry().values() for name, kind in cls.kinds().items()
                if kind in (CONTACT, INTERNAL, SECRET)}
    template = (ROOT / "realtime" / "appsync" / "resolvers" / "Query.dealEvents.res.vtl").read_text()
    assert set(re.findall(r'\$key != "(\w+)"', template)) == withheld
