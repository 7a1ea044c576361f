"""Service decisions on an in-memory unit of work (tests/fakes.py): what is refused, what one transaction
holds, and what happens when a concurrent change slips in between plan and commit. Milliseconds each;
the real conditions and races are tested on DynamoDB Local (tests/integration)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from commerce.domain.cart import Cart, CartLine, DealQuote
from commerce.domain.catalog import Product
from commerce.domain.money import Money
from commerce.domain.orders import CANCELED
from commerce.domain.stock import Stock
from commerce.errors import NotAllowed
from commerce.persistence import uow as commerce_uow
from commerce.services import checkout, product_cache
from dealroom.domain.deals import Deal, Member, Pricing
from dealroom.domain.events import Committed, StockChanged
from dealroom.persistence import uow as deal_uow
from dealroom.services import approvals, pay, quote
from dealroom.services.pay import NotReady
from tests.fakes import FakeUnitOfWork, Memory

ROLES = ("economic_buyer", "technical_buyer", "legal", "user")


@pytest.fixture
def memory(monkeypatch) -> Memory:
    m = Memory()
    monkeypatch.setattr(commerce_uow.Factories, "commerce", lambda: FakeUnitOfWork(m))
    monkeypatch.setattr(deal_uow.Factories, "dealroom", lambda: FakeUnitOfWork(m))
    product_cache._entries.clear()
    m.products["SEAT"] = (Product(sku="SEAT", name="Seat", category="software", unit_price=Money(10000, "usd")), 1)
    m.stock["SEAT"] = Stock(sku="SEAT", on_hand=100, reserved=0)
    m.carts["cart-of-deal-0000001"] = Cart(id="cart-of-deal-0000001", version=3, currency="usd",
                                           deal_id="deal-000000000000001", lines=(CartLine(
                                               sku="SEAT", name="Seat", quantity=4, unit_price=Money(10000, "usd")),))
    m.deals["deal-000000000000001"] = Deal(
        id="deal-000000000000001", account_name="Acme", stage="proposal", currency="usd", expected_value=0,
        owner="sam@q.test", cart_id="cart-of-deal-0000001", version=1, created_at=1, last_event_seq=7,
        pricing=Pricing(discount_bps=1000))
    for role in ROLES:
        m.members[("deal-000000000000001", role)] = Member(deal_id="deal-000000000000001", user_id=role,
                                                           email=f"{role}@acme.test", name=role.title(), role=role,
                                                           joined_at=1)
    yield m
    product_cache._entries.clear()


DEAL = "deal-000000000000001"


def approve_all(memory: Memory) -> None:
    for role in ("economic_buyer", "technical_buyer", "legal"):
        approvals.approval_give(deal_id=DEAL, user_id=role, quote_version=3)


def test_a_quote_cannot_be_checked_out_around_its_room(memory):
    with pytest.raises(DealQuote) as refused:
        checkout.checkout_start(cart_id="cart-of-deal-0000001")
    assert refused.value.extra["deal_id"] == DEAL
    assert memory.commits == [] and memory.orders == {}


def test_paying_is_refused_to_other_roles_and_before_every_approval(memory):
    with pytest.raises(NotAllowed):
        pay.deal_order(deal_id=DEAL, user_id="legal")
    with pytest.raises(NotReady) as not_ready:
        pay.deal_order(deal_id=DEAL, user_id="economic_buyer")
    assert not_ready.value.extra["missing"] == ["economic_buyer", "technical_buyer", "legal"]
    assert memory.orders == {}


def test_paying_is_one_transaction_with_the_deal_event_at_the_tier_price(memory):
    approve_all(memory)
    _, _, order = pay.deal_order(deal_id=DEAL, user_id="economic_buyer")
    labels = memory.commits[-1]
    assert {"stock:SEAT", "reservation:SEAT", "order", "cart", "deal", "event", "member"} == set(labels)
    assert order.total.amount == 4 * 9000  # 10 % tier
    assert memory.deals[DEAL].order_id == order.id and memory.carts["cart-of-deal-0000001"].order_id == order.id
    assert memory.events[DEAL][11].type == "order.created"  # seq 8-10 were the approvals


def test_a_change_that_takes_the_sequence_number_first_replans_and_reserves_once(memory):
    approve_all(memory)

    def concurrent_stock_event() -> None:  # as the stream handler appends stock.changed meanwhile
        deal = memory.deals[DEAL]
        seq = deal.last_event_seq + 1
        memory.events[DEAL][seq] = Committed(deal_id=DEAL, seq=seq, type=StockChanged.TYPE, actor="", at=2,
                                             event=StockChanged(sku="SEAT", available=96))
        memory.deals[DEAL] = replace(deal, last_event_seq=seq)

    memory.before_commit = concurrent_stock_event
    _, _, order = pay.deal_order(deal_id=DEAL, user_id="economic_buyer")
    assert len(memory.orders) == 1 and memory.deals[DEAL].order_id == order.id
    assert memory.stock["SEAT"].reserved == 4  # the refused attempt reserved nothing
    assert memory.events[DEAL][12].type == "order.created"


def test_an_order_that_was_canceled_is_replaced_and_approvals_still_count(memory):
    approve_all(memory)
    _, _, first = pay.deal_order(deal_id=DEAL, user_id="economic_buyer")
    from commerce.services import orders

    orders.order_cancel(order_id=first.id)  # Stripe refused to open the payment, say
    assert memory.orders[first.id].status == CANCELED and memory.carts["cart-of-deal-0000001"].status == "open"
    _, _, second = pay.deal_order(deal_id=DEAL, user_id="economic_buyer")
    assert second.id != first.id and memory.deals[DEAL].order_id == second.id
    assert memory.stock["SEAT"].reserved == 4


def test_the_user_role_cannot_edit_and_removing_an_absent_line_writes_nothing(memory):
    with pytest.raises(NotAllowed):
        quote.quote_line_set(deal_id=DEAL, user_id="user", sku="SEAT", quantity=1)
    cart = quote.quote_line_set(deal_id=DEAL, user_id="legal", sku="NOPE-1", quantity=0)
    assert cart.version == 3 and memory.commits == []


def test_a_quote_edit_is_one_transaction_with_its_event_and_marker(memory):
    cart = quote.quote_line_set(deal_id=DEAL, user_id="technical_buyer", sku="SEAT", quantity=6, expected_quantity=4)
    assert cart.version == 4 and cart.line("SEAT").quantity == 6
    assert set(memory.commits[-1]) == {"cart", "marker", "deal", "event", "member"}
    event = memory.events[DEAL][8].event
    assert (event.quantity, event.previous_quantity, event.unit_price) == (6, 4, {"amount": 9000, "currency": "usd"})
    assert memory.markers["SEAT"] == {DEAL}


def test_the_last_required_approval_makes_the_deal_ready(memory):
    approvals.approval_give(deal_id=DEAL, user_id="economic_buyer", quote_version=3)
    approvals.approval_give(deal_id=DEAL, user_id="technical_buyer", quote_version=3)
    assert memory.events[DEAL][9].event.ready is False
    deal = approvals.approval_give(deal_id=DEAL, user_id="legal", quote_version=3)
    assert memory.events[DEAL][10].event.ready is True and deal.ready(3)
