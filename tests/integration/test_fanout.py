"""The CRM fan-out on the real moto server: committed events -> EventBridge -> each vendor's queue, once, in
order per deal, schema-valid, with each vendor's allowlist applied; an event no vendor rule matches
reaches only `generic`."""
import pytest

from commerce.services import carts, checkout
from commerce.services.orders import order_mark_paid
from dealroom.services.approvals import approval_give
from dealroom.services.deal_admin import deal_update
from dealroom.services.deals import deal_create
from dealroom.services.invites import invite_accept
from dealroom.services.log import deal_read
from dealroom.services.pay import deal_order
from dealroom.services.quote import quote_line_set
from tests import factories
from tests.integration.fanout_helpers import Stream, drain, new_stage, validate

ROLES = (("eb@n.test", "economic_buyer", "Eve"), ("tb@n.test", "technical_buyer", "Tom"), ("lg@n.test", "legal", "Lea"))


@pytest.fixture
def stage(table):
    return new_stage()


def _join(created, email):
    token = created.invites[email].rstrip("/").rsplit("/", 1)[1]
    return invite_accept(token=token).user


def _types(envelopes):
    return [(e["type"], e["detail_type"]) for e in envelopes]


def test_committee_events_reach_each_vendor_once_in_order_with_its_allowlist(table, stage):
    factories.product("FAN-1", price=5000, stock=50)
    stream = Stream.follow(table)
    created = deal_create(account_name="Fan Co", owner="s@q.test", base_url="http://testserver",
                          members=ROLES, internal_notes="champion is leaving in May")
    deal_id = created.deal.id
    users = {email: _join(created, email) for email, _, _ in ROLES}
    eb = users["eb@n.test"].id
    quote_line_set(deal_id=deal_id, user_id=eb, sku="FAN-1", quantity=3)  # a quote change
    version = 2
    for email in ("eb@n.test", "tb@n.test", "lg@n.test"):  # approvals
        approval_give(deal_id=deal_id, user_id=users[email].id, quote_version=version)
    deal_update(deal_id=deal_id, expected_version=deal_read(deal_id).version, actor="s@q.test",  # a stage change
                changes={"stage": "negotiation", "internal_notes": "budget approved"})
    _, _, order = deal_order(deal_id=deal_id, user_id=eb)
    order_mark_paid(order_id=order.id)  # a payment
    assert stream.pump()

    got = {vendor: drain(vendor) for vendor in ("salesforce", "gong", "clari", "generic")}
    for vendor, envelopes in got.items():
        ids = [e["id"] for e in envelopes]
        assert len(ids) == len(set(ids)), f"{vendor} got an event twice"
        deal_seqs = [e["subject"]["position"] for e in envelopes if e["subject"]["kind"] == "deal"]
        assert deal_seqs == sorted(deal_seqs), f"{vendor}: deal events out of order"
        for envelope in envelopes:
            validate(envelope)
            assert "internal_notes" not in envelope["payload"]  # no vendor is configured for notes
    deal_events = [e for e in got["generic"] if e["subject"]["kind"] == "deal"]
    assert [e["subject"]["position"] for e in deal_events] == list(range(1, len(deal_events) + 1))
    assert [e["id"] for e in deal_events] == [f"deal:{deal_id}:{n}" for n in range(1, len(deal_events) + 1)]

    salesforce = _types(got["salesforce"])
    assert salesforce.count(("member.invited", "Committee Member Invited")) == 3
    assert ("quote.line_set", "Quote Line Changed") in salesforce
    assert salesforce.count(("approval.given", "Quote Approved")) == 3
    assert ("deal.updated", "Deal Stage Changed") in salesforce
    assert salesforce[-1] == ("order.status_changed", "Order Paid")
    assert {e["payload"]["email"] for e in got["salesforce"] if e["type"] == "member.invited"} == {
        email for email, _, _ in ROLES}  # contact roles need the people's emails
    assert ("order.status_changed", "Order Created") not in salesforce

    gong = _types(got["gong"])
    assert ("quote.line_set", "Quote Line Changed") in gong and ("deal.updated", "Deal Stage Changed") not in gong
    assert ("order.status_changed", "Order Paid") not in gong

    clari = got["clari"]
    assert {t for t, _ in _types(clari)} == {"approval.given", "deal.updated", "order.status_changed",
                                             "deal.scored"}  # the deal's score, recomputed from the stream
    scores = [e for e in clari if e["type"] == "deal.scored"]
    assert scores == [e for e in got["gong"] if e["type"] == "deal.scored"]  # same view: no contact fields in it
    assert [e["id"] for e in scores] == [f"deal_score:{deal_id}:{e['subject']['position']}:deal.scored"
                                         for e in scores]
    assert scores[0]["payload"]["previous_score"] is None and all(  # the first score, then each move
        later["payload"]["previous_score"] == earlier["payload"]["score"] != later["payload"]["score"]
        for earlier, later in zip(scores, scores[1:]))
    assert not [e for e in got["salesforce"] if e["type"] == "deal.scored"]
    assert {e["id"] for e in scores} <= {e["id"] for e in got["generic"]}
    stage_change = next(e for e in clari if e["type"] == "deal.updated")
    assert (stage_change["payload"]["stage"], stage_change["payload"]["previous_stage"]) == ("negotiation", "discovery")
    outcome = [e for e in clari if e["type"] != "deal.scored"][-1]  # the payment also moves the score, after
    assert outcome["detail_type"] == "Order Paid"
    assert outcome["id"] == f"order:{order.id}:{order.version + 1}:order.status_changed"

    generic = got["generic"]
    assert ("order.status_changed", "Order Created") in _types(generic)  # only generic takes what nobody asked for
    assert not [e for e in generic if "email" in e["payload"]]  # generic gets no contact details


def test_an_event_no_vendor_rule_matches_reaches_only_generic(table, stage):
    factories.product("SHOP-1", stock=5)
    stream = Stream.follow(table)
    cart = carts.cart_create()
    carts.cart_line_set(cart_id=cart.id, sku="SHOP-1", quantity=1)
    order = checkout.checkout_start(cart_id=cart.id)  # a storefront order: no deal, no vendor rule
    assert stream.pump()
    assert [e["detail_type"] for e in drain("generic")] == ["Order Created"]
    for vendor in ("salesforce", "gong", "clari"):
        assert drain(vendor) == [], f"{vendor} got a storefront order"
    assert order.status == "pending_payment"


def test_stalled_deals_are_reported_once_to_the_forecast_and_activity_vendors(table, stage):
    from dealroom.persistence import keys
    from dealroom.services.stalled import deals_stalled_flag
    from tests.table import set_attributes

    created = deal_create(account_name="Quiet Co", owner="s@q.test", base_url="http://testserver", members=ROLES[:1],
                          required_roles=("economic_buyer",))
    long_ago = deal_read(created.deal.id).created_at - 10 * 86400
    set_attributes(keys.deal_pk(created.deal.id), keys.DEAL_SK, created_at=long_ago, last_activity_at=long_ago)
    stream = Stream.follow(table)
    assert deals_stalled_flag(days=5) == [created.deal.id]
    assert deals_stalled_flag(days=5) == []  # reported once per stall
    assert deal_read(created.deal.id).last_activity_at == long_ago  # reporting is not activity
    assert stream.pump()
    for vendor in ("clari", "gong", "generic"):
        (stalled,) = [e for e in drain(vendor) if e["type"] == "deal.stalled"]
        validate(stalled)
        assert stalled["detail_type"] == "Deal Stalled" and stalled["payload"]["roles"] == ["economic_buyer"]
    assert [e for e in drain("salesforce") if e["type"] == "deal.stalled"] == []
