"""Deal rooms through HTTP (pages and API) against the real local services: visibility by role,
invitations, the shared quote under concurrency, approvals."""
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

from commerce import clock
from dealroom.persistence import keys
from dealroom.services.deals import deal_create
from tests import factories
from tests.table import set_attributes

COMMITTEE = (("eb@buyer.test", "economic_buyer", "Erin EB"), ("tb@buyer.test", "technical_buyer", "Tom Tech"),
             ("legal@buyer.test", "legal", "Lee Legal"), ("proc@buyer.test", "procurement", "Pat Proc"),
             ("user@buyer.test", "user", "Uma User"))
MEDDPICC_SECRET = "Budget signed off by CFO in Q3"


@pytest.fixture
def deal(table):
    factories.product("SEAT", price=10000, stock=1000, category="software")
    factories.product("DOCK", price=20000, stock=50)
    created = deal_create(account_name="Buyer Co", owner="sam@quorum.test", base_url="http://testserver",
                          discount_bps=1000, members=COMMITTEE, price_overrides={"DOCK": 15000},
                          meddpicc={"metrics": MEDDPICC_SECRET})
    return created


def join(deal, email, client=None) -> Client:
    """Open the invitation (a page naming the deal and role), then accept it (a POST)."""
    client = client or Client()
    path = deal.invites[email].replace("http://testserver", "")
    page = client.get(path)
    assert page.status_code == 200 and "Join as" in page.content.decode()
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == f"/deals/{deal.deal.id}/"
    return client


def put_line(client, deal, sku, quantity, version=None):
    body = {"quantity": quantity, **({"expected_version": version} if version else {})}
    return client.put(f"/api/deals/{deal.deal.id}/quote/lines/{sku}", data=json.dumps(body),
                      content_type="application/json")


def test_prices_only_for_roles_the_policy_allows(deal):
    proc, tech = join(deal, "proc@buyer.test"), join(deal, "tb@buyer.test")
    assert put_line(proc, deal, "SEAT", 10).status_code == 200
    assert put_line(tech, deal, "DOCK", 2).status_code == 200

    seen = proc.get(f"/api/deals/{deal.deal.id}").json()["quote"]
    assert seen["prices_visible"] is True
    seat = next(l for l in seen["lines"] if l["sku"] == "SEAT")
    assert seat["unit_price"] == {"amount": 9000, "currency": "usd"}  # 10 % tier discount
    dock = next(l for l in seen["lines"] if l["sku"] == "DOCK")
    assert dock["unit_price"]["amount"] == 15000  # per-line override
    assert seen["total"]["amount"] == 10 * 9000 + 2 * 15000

    for response in (tech.get(f"/api/deals/{deal.deal.id}"), tech.get(f"/api/deals/{deal.deal.id}/events?after=0"),
                     tech.get(f"/deals/{deal.deal.id}/"), tech.get(f"/api/deals/{deal.deal.id}/members")):
        assert response.status_code == 200
        text = response.content.decode()
        assert "unit_price" not in text and "line_total" not in text and '"total"' not in text
        # the amounts as numbers of their own (a timestamp like 1796115000 may hold the digits) or formatted
        assert not re.search(r"(?<!\d)(9000|15000|90\.00|150\.00)(?!\d)", text), text
    assert tech.get(f"/api/deals/{deal.deal.id}").json()["quote"]["prices_visible"] is False
    as_cart = tech.get(f"/api/carts/{deal.deal.cart_id}")  # a quote is opened in its room, not as a cart
    assert as_cart.status_code == 409 and as_cart.json()["code"] == "deal_quote"
    assert as_cart.json()["room_url"] == f"/deals/{deal.deal.id}/" and "lines" not in as_cart.json()
    events = proc.get(f"/api/deals/{deal.deal.id}/events?after=0").json()["events"]
    assert any("unit_price" in e["payload"] for e in events if e["type"] == "quote.line_set")


def test_buyers_never_receive_meddpicc_or_health(deal):
    for email, _, _ in COMMITTEE:
        client = join(deal, email)
        for url in (f"/api/deals/{deal.deal.id}", f"/api/deals/{deal.deal.id}/events?after=0",
                    f"/api/deals/{deal.deal.id}/members", f"/deals/{deal.deal.id}/"):
            text = client.get(url).content.decode()
            assert MEDDPICC_SECRET not in text and "meddpicc" not in text.lower()
            assert '"score"' not in text and "reasons" not in text and "MEDDPICC " not in text
            assert "internal_notes" not in text and "health_score" not in text


def test_non_members_and_members_of_other_deals_get_404(deal, table):
    other = deal_create(account_name="Other Co", owner="sam@quorum.test", base_url="http://testserver",
                        members=(("x@other.test", "champion", "Xavi"),))
    outsider = Client()
    outsider.post(other.invites["x@other.test"].replace("http://testserver", ""))
    anonymous = Client()
    for client in (outsider, anonymous):
        for url in (f"/api/deals/{deal.deal.id}", f"/api/deals/{deal.deal.id}/members",
                    f"/api/deals/{deal.deal.id}/events?after=0", f"/deals/{deal.deal.id}/"):
            assert client.get(url).status_code == 404, url
        assert put_line(client, deal, "SEAT", 1).status_code == 404
        assert client.post(f"/api/deals/{deal.deal.id}/approvals", data={"quote_version": 1},
                           content_type="application/json").status_code == 404
        assert client.put(f"/api/carts/{deal.deal.cart_id}/lines/SEAT", data={"quantity": 1},
                          content_type="application/json").status_code == 409  # deal_quote: never through carts


def test_used_or_expired_invitations_are_refused_with_a_clear_page(deal):
    path = deal.invites["legal@buyer.test"].replace("http://testserver", "")
    assert Client().post(path).status_code == 302
    reused = Client().get(path)
    assert reused.status_code == 410 and "already used" in reused.content.decode()

    token = deal.invites["user@buyer.test"].rstrip("/").rsplit("/", 1)[1]
    from django.core import signing

    invite_id = signing.loads(token, salt="quorum.dealroom.invite")["i"]
    set_attributes(keys.invite_pk(invite_id), keys.INVITE_SK, valid_until=clock.now() - 1)
    expired = Client().get(f"/deals/join/{token}/")
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    bogus = Client().get("/deals/join/not-a-real-token/")
    assert bogus.status_code == 404 and "not valid" in bogus.content.decode()


def test_user_role_cannot_edit_and_only_required_roles_approve(deal):
    user, champion_less = join(deal, "user@buyer.test"), join(deal, "proc@buyer.test")
    refused = put_line(user, deal, "SEAT", 1)
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
    put_line(champion_less, deal, "SEAT", 1)
    version = champion_less.get(f"/api/deals/{deal.deal.id}").json()["quote"]["version"]
    not_required = champion_less.post(f"/api/deals/{deal.deal.id}/approvals", data={"quote_version": version},
                                      content_type="application/json")
    assert not_required.status_code == 403


def test_approvals_clear_on_any_quote_change(deal):
    eb, tb, legal = join(deal, "eb@buyer.test"), join(deal, "tb@buyer.test"), join(deal, "legal@buyer.test")
    put_line(tb, deal, "SEAT", 5)

    def approve(client, version):
        return client.post(f"/api/deals/{deal.deal.id}/approvals", data={"quote_version": version},
                           content_type="application/json")

    version = eb.get(f"/api/deals/{deal.deal.id}").json()["quote"]["version"]
    for client in (eb, tb):
        assert approve(client, version).status_code == 200
    room = legal.get(f"/api/deals/{deal.deal.id}").json()
    assert room["approvals"]["ready"] is False
    assert [r["approved"] for r in room["approvals"]["required"]] == [True, True, False]
    assert put_line(tb, deal, "SEAT", 6, version).status_code == 200  # a change...
    room = legal.get(f"/api/deals/{deal.deal.id}").json()
    assert [r["approved"] for r in room["approvals"]["required"]] == [False, False, False]  # ...clears them
    stale = approve(legal, version)
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    new = room["quote"]["version"]
    for client in (eb, tb, legal):
        assert approve(client, new).status_code == 200
    assert eb.get(f"/api/deals/{deal.deal.id}").json()["approvals"]["ready"] is True


def test_two_members_edit_the_same_line_at_once_nothing_lost_or_silently_overwritten(deal):
    tb, proc = join(deal, "tb@buyer.test"), join(deal, "proc@buyer.test")
    put_line(tb, deal, "SEAT", 1)
    version = tb.get(f"/api/deals/{deal.deal.id}").json()["quote"]["version"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda args: put_line(args[0], deal, "SEAT", args[1], version),
                                [(tb, 7), (proc, 9)]))
    codes = sorted(r.status_code for r in results)
    assert codes == [200, 409]  # one wins; the other is told, with the latest version
    loser = next(r for r in results if r.status_code == 409).json()
    assert loser["code"] == "version_conflict" and loser["current_version"] == version + 1
    winner_quantity = 7 if results[0].status_code == 200 else 9
    events = tb.get(f"/api/deals/{deal.deal.id}/events?after=0").json()["events"]
    sets = [e["payload"]["quantity"] for e in events if e["type"] == "quote.line_set"]
    assert sets == [1, winner_quantity]  # the log holds exactly what happened, in order
    # unpinned edits from both at once both land, one after the other (none lost)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda args: put_line(args[0], deal, args[1], 3), [(tb, "SEAT"), (proc, "DOCK")]))
    lines = {l["sku"]: l["quantity"] for l in tb.get(f"/api/deals/{deal.deal.id}").json()["quote"]["lines"]}
    assert lines == {"SEAT": 3, "DOCK": 3}


def test_events_are_gapless_and_paged(deal):
    tb = join(deal, "tb@buyer.test")
    for quantity in range(1, 6):
        put_line(tb, deal, "SEAT", quantity)
    everything = tb.get(f"/api/deals/{deal.deal.id}/events?after=0").json()
    seqs = [e["seq"] for e in everything["events"]]
    assert seqs == list(range(1, len(seqs) + 1))
    tail = tb.get(f"/api/deals/{deal.deal.id}/events?after={seqs[-3]}").json()
    assert [e["seq"] for e in tail["events"]] == seqs[-2:] and tail["last_seq"] == seqs[-1]
    assert tb.get(f"/api/deals/{deal.deal.id}/events?after=-1").status_code == 422


def test_staff_view_has_health_with_reasons(deal):
    from dealroom.staff_selectors import staff_view

    join(deal, "eb@buyer.test")
    view = staff_view(deal_id=deal.deal.id)
    assert 0 <= view["health"].score <= 100
    assert any(r.startswith("MEDDPICC 1/8 filled") for r in view["health"].reasons)
    assert any("1/3 required roles in the room" in r for r in view["health"].reasons)


def test_deal_create_command_prints_ids_and_invites(table):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("deal_create", "--name", "Cmd Co", "--member", "a@cmd.test:economic_buyer:Ann",
                 "--member", "b@cmd.test:legal", "--base-url", "http://testserver", stdout=out)
    printed = json.loads(out.getvalue())
    assert set(printed) == {"deal_id", "cart_id", "invites"}
    assert set(printed["invites"]) == {"a@cmd.test", "b@cmd.test"}
    assert all(re.match(r"^http://testserver/deals/join/[^/]+/$", url) for url in printed["invites"].values())


def test_line_pins_conflict_only_on_the_same_line(deal):
    tb, proc = join(deal, "tb@buyer.test"), join(deal, "proc@buyer.test")

    def put(client, sku, quantity, seen):
        return client.put(f"/api/deals/{deal.deal.id}/quote/lines/{sku}", content_type="application/json",
                          data=json.dumps({"quantity": quantity, "expected_quantity": seen}))

    assert put(tb, "SEAT", 4, 0).status_code == 200
    assert put(proc, "DOCK", 1, 0).status_code == 200  # another line: no conflict although the quote moved
    stale = put(proc, "SEAT", 9, 0)  # proc still believes SEAT is absent
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    lines = {l["sku"]: l["quantity"] for l in tb.get(f"/api/deals/{deal.deal.id}").json()["quote"]["lines"]}
    assert lines == {"SEAT": 4, "DOCK": 1}


def test_demo_deal_has_a_full_committee_and_a_prepared_quote(table):
    from io import StringIO

    from django.core.management import call_command

    call_command("demo_seed", stdout=StringIO())
    out = StringIO()
    call_command("demo_deal", "--if-empty", "--base-url", "http://testserver", stdout=out)
    links = re.findall(r"http://testserver/deals/join/\S+/", out.getvalue())
    assert len(links) == 6
    erin = Client()
    joined = erin.post(links[0].replace("http://testserver", ""))
    assert joined.status_code == 302
    room = erin.get("/api/deals/" + joined["Location"].split("/")[2]).json()
    assert room["you"]["role"] == "economic_buyer" and len(room["quote"]["lines"]) == 3
    assert room["quote"]["total"]["amount"] > 0  # the economic buyer sees the tiered prices
    again = StringIO()
    call_command("demo_deal", "--if-empty", stdout=again)
    assert "a deal exists already" in again.getvalue()


def test_only_the_economic_buyer_pays_and_only_a_ready_quote(deal):
    eb, tb, legal = join(deal, "eb@buyer.test"), join(deal, "tb@buyer.test"), join(deal, "legal@buyer.test")
    put_line(tb, deal, "SEAT", 3)

    def pay(client, body):
        return client.post(f"/api/deals/{deal.deal.id}/pay", data=json.dumps(body), content_type="application/json")

    early = pay(eb, {"method": "card"})
    assert early.status_code == 409 and early.json()["code"] == "approvals_missing"
    version = eb.get(f"/api/deals/{deal.deal.id}").json()["quote"]["version"]
    for client in (eb, tb, legal):
        client.post(f"/api/deals/{deal.deal.id}/approvals", data={"quote_version": version},
                    content_type="application/json")
    assert pay(tb, {"method": "card"}).status_code == 403
    assert pay(eb, {"method": "invoice", "net_days": 45}).status_code == 422
    invoiced = pay(eb, {"method": "invoice", "net_days": 30})
    assert invoiced.status_code == 200 and "/invoice/in_" in invoiced.json()["redirect_url"]
    room = eb.get(f"/api/deals/{deal.deal.id}").json()
    assert room["order"]["status"] == "pending_payment" and room["order"]["total"]["amount"] == 3 * 9000
    assert "total" not in tb.get(f"/api/deals/{deal.deal.id}").json()["order"]  # no price for the technical buyer
    # the quote is locked into the order: no more edits
    assert put_line(tb, deal, "SEAT", 4).status_code == 409
