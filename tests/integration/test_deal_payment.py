"""Paying for a deal on DynamoDB Local: the checkout and the deal's event are one transaction, so a change
that slips in between plan and commit, a checkout attempted around the room, or a payment that fails at
Stripe never leave a deal stuck or stock reserved twice."""
from __future__ import annotations

import json

import pytest
from django.test import Client

from commerce.services import orders, selectors
from dealroom.domain.events import StockChanged
from dealroom.persistence.uow import DealUnitOfWork
from dealroom.services import approvals, pay, quote
from dealroom.services.deals import deal_create
from dealroom.services.log import deal_change, deal_read
from tests import factories
from tests.table import count, stock

COMMITTEE = (("eb@pay.test", "economic_buyer", "Erin"), ("tb@pay.test", "technical_buyer", "Tom"),
             ("lg@pay.test", "legal", "Lee"))


@pytest.fixture
def ready_deal(table):
    """A deal whose quote (3 seats) every required role approved; returns (deal id, {role: user id})."""
    from dealroom.services.invites import invite_accept

    factories.product("SEAT", price=10000, stock=10)
    created = deal_create(account_name="Pay Co", owner="s@q.test", base_url="http://testserver", members=COMMITTEE)
    users = {}
    for email, role, _ in COMMITTEE:
        users[role] = invite_accept(token=created.invites[email].rstrip("/").rsplit("/", 1)[1]).user.id
    quote.quote_line_set(deal_id=created.deal.id, user_id=users["technical_buyer"], sku="SEAT", quantity=3)
    version = selectors.cart_get(cart_id=created.deal.cart_id).version
    for role in ("economic_buyer", "technical_buyer", "legal"):
        approvals.approval_give(deal_id=created.deal.id, user_id=users[role], quote_version=version)
    return created.deal.id, users


def test_a_change_taking_the_sequence_number_mid_payment_is_replanned_and_nothing_is_reserved_twice(
        ready_deal, monkeypatch):
    deal_id, users = ready_deal
    real_commit = DealUnitOfWork.commit
    slipped = []

    def commit_after_a_concurrent_change(self):
        if "order" in self.tx.labels() and not slipped:  # the payment's transaction, first attempt
            slipped.append(deal_change(deal_id=deal_id, plan=lambda u, deal, change: StockChanged(
                sku="SEAT", available=10))[1].seq)  # a real write that takes the next sequence number
        return real_commit(self)

    monkeypatch.setattr(DealUnitOfWork, "commit", commit_after_a_concurrent_change)
    _, _, order = pay.deal_order(deal_id=deal_id, user_id=users["economic_buyer"])

    deal = deal_read(deal_id)
    assert slipped and deal.order_id == order.id and count("Order") == 1
    assert (stock("SEAT").reserved, stock("SEAT").available) == (3, 7)  # the refused attempt held nothing
    cart = selectors.cart_get(cart_id=deal.cart_id)
    assert cart.status == "checked_out" and cart.order_id == order.id
    from dealroom.persistence.uow import unit_of_work

    log = unit_of_work().events.after(deal_id, seq=0, limit=100)
    assert [e.type for e in log[-2:]] == ["stock.changed", "order.created"]
    assert [e.seq for e in log] == list(range(1, len(log) + 1))  # gapless


def test_a_quote_checked_out_around_the_room_is_refused_and_the_deal_can_still_be_paid(ready_deal):
    deal_id, users = ready_deal
    cart_id = deal_read(deal_id).cart_id
    attack = Client().post(f"/api/carts/{cart_id}/checkout")
    assert attack.status_code == 409 and attack.json()["code"] == "deal_quote"
    assert count("Order") == 0 and stock("SEAT").reserved == 0
    assert selectors.cart_get(cart_id=cart_id).status == "open"
    _, _, order = pay.deal_order(deal_id=deal_id, user_id=users["economic_buyer"])
    assert order.total.amount == 3 * 10000 and stock("SEAT").reserved == 3


def test_a_payment_that_never_happens_gives_the_quote_back_with_its_approvals(ready_deal):
    deal_id, users = ready_deal
    _, _, first = pay.deal_order(deal_id=deal_id, user_id=users["economic_buyer"])
    orders.order_cancel(order_id=first.id)  # Stripe refused to open the payment, say
    deal = deal_read(deal_id)
    cart = selectors.cart_get(cart_id=deal.cart_id)
    assert cart.status == "open" and deal.ready(cart.version)  # approvals of this version still count
    assert stock("SEAT").reserved == 0
    _, _, second = pay.deal_order(deal_id=deal_id, user_id=users["economic_buyer"])
    assert second.id != first.id and deal_read(deal_id).order_id == second.id
    assert stock("SEAT").reserved == 3


def test_paying_through_the_api_twice_gives_the_same_order(ready_deal):
    deal_id, users = ready_deal
    client = Client()
    from dealroom.auth import SESSION_MEMBERSHIPS

    session = client.session
    session[SESSION_MEMBERSHIPS] = {deal_id: users["economic_buyer"]}
    session.save()
    body = json.dumps({"method": "invoice", "net_days": 30})
    first = client.post(f"/api/deals/{deal_id}/pay", data=body, content_type="application/json")
    again = client.post(f"/api/deals/{deal_id}/pay", data=body, content_type="application/json")
    assert first.status_code == again.status_code == 200
    assert first.json()["order_id"] == again.json()["order_id"] and count("Order") == 1
