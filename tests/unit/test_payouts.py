"""The marketplace's money rules (commerce/domain/payouts.py): the platform fee's rounding, each vendor's share,
how an order is charged, and refunds split by line so fees and reversals always add up exactly."""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commerce.domain.money import Money
from commerce.domain.orders import Order, OrderLine, Payee
from commerce.domain.payouts import (
    DESTINATION,
    PLATFORM,
    SEPARATE,
    Refunded,
    charge_kind,
    check_payable,
    line_fee,
    proportional,
    refund_of_lines,
    refund_of_rest,
    shares,
    unit_fee,
)
from commerce.errors import InvalidInput


def half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


def order(*lines: tuple[str, int, int, str | None], payees: tuple[Payee, ...] = (), interval=None) -> Order:
    return Order(id="o" * 20, status="paid", currency="usd", created_at=0, hold_until=0, payees=payees,
                 lines=tuple(OrderLine(sku=sku, name=sku, quantity=qty, unit_price=Money(price, "usd"),
                                       vendor_id=vendor, recurring_interval=interval if vendor is None else None)
                             for sku, qty, price, vendor in lines))


ACME = Payee("acme", "acct_acme", 1000, "Acme")
GLOBEX = Payee("globex", "acct_globex", 1250, "Globex")


@pytest.mark.parametrize("price, rate, fee", [
    (4999, 1000, 500),  # 499.9 -> 500
    (1005, 1000, 101),  # 100.5 -> half up
    (1004, 1000, 100),  # 100.4 -> down
    (1, 5000, 1),  # 0.5 -> 1
    (1, 4999, 0),  # 0.4999 -> 0
    (12345, 0, 0),
    (99_999_999_999, 5000, 49_999_999_999 + 1),  # 49,999,999,999.5 -> up, no float on the way
])
def test_unit_fee_rounds_half_up(price, rate, fee):
    assert unit_fee(price, rate) == fee


@settings(max_examples=300, deadline=None)
@given(price=st.integers(0, 99_999_999_999), rate=st.integers(0, 5000))
def test_unit_fee_is_the_exact_product_rounded_half_up(price, rate):
    assert unit_fee(price, rate) == half_up(Fraction(price * rate, 10_000))
    assert 0 <= unit_fee(price, rate) <= price


@settings(max_examples=200, deadline=None)
@given(part=st.integers(0, 10**9), extra=st.integers(0, 10**9), amount=st.integers(0, 10**9))
def test_proportional_is_stripes_half_up_share(part, extra, amount):
    whole = part + extra
    expected = half_up(Fraction(amount * part, whole)) if whole else 0
    assert proportional(part, whole, amount) == expected


def test_each_vendor_share_is_its_lines_minus_the_fee_of_each_unit():
    mixed = order(("PLUG", 3, 4999, "acme"), ("SVC", 1, 20000, "globex"), ("OWN", 2, 1000, None),
                  ("ADDON", 1, 1005, "acme"), payees=(ACME, GLOBEX))
    acme, globex = shares(mixed)
    assert (acme.gross, acme.fee, acme.net) == (3 * 4999 + 1005, 3 * 500 + 101, 14997 + 1005 - 1601)
    assert (globex.gross, globex.fee, globex.account_id) == (20000, 2500, "acct_globex")
    assert charge_kind(mixed) == SEPARATE
    assert line_fee(mixed.lines[0], 1000) == 1500


def test_how_an_order_is_charged():
    assert charge_kind(order(("OWN", 1, 1000, None))) == PLATFORM
    assert charge_kind(order(("A", 1, 1000, "acme"), ("B", 2, 500, "acme"), payees=(ACME,))) == DESTINATION
    assert charge_kind(order(("A", 1, 1000, "acme"), ("OWN", 1, 500, None), payees=(ACME,))) == SEPARATE
    assert charge_kind(order(("A", 1, 1000, "acme"), ("B", 1, 500, "globex"), payees=(ACME, GLOBEX))) == SEPARATE


def test_vendor_lines_are_never_part_of_a_subscription_and_need_their_terms():
    with pytest.raises(InvalidInput, match="separately"):
        check_payable(order(("A", 1, 1000, "acme"), ("SEAT", 1, 500, None), payees=(ACME,), interval="month"))
    with pytest.raises(InvalidInput, match="no payee terms"):
        check_payable(order(("A", 1, 1000, "acme")))
    check_payable(order(("A", 1, 1000, "acme"), payees=(ACME,)))


def test_a_refund_of_one_vendors_line_gives_back_exactly_its_units_fee():
    mixed = order(("PLUG", 3, 4999, "acme"), ("SVC", 1, 20000, "globex"), ("OWN", 2, 1000, None),
                  payees=(ACME, GLOBEX))
    plan = refund_of_lines(mixed, {"PLUG": 2, "OWN": 1}, {})
    assert plan.amount == 2 * 4999 + 1000
    (acme,) = plan.vendors
    assert (acme.vendor_id, acme.gross, acme.fee, acme.reversal) == ("acme", 9998, 1000, 8998)
    with pytest.raises(InvalidInput, match="left to refund"):
        refund_of_lines(mixed, {"PLUG": 2}, {"acme": Refunded(gross=9998, fee=1000)})
    with pytest.raises(InvalidInput):
        refund_of_lines(mixed, {"PLUG": 4}, {})
    with pytest.raises(InvalidInput):
        refund_of_lines(mixed, {"NOPE": 1}, {})


def test_refunding_the_rest_gives_back_the_rest_of_each_share_and_fee():
    mixed = order(("PLUG", 3, 4999, "acme"), ("SVC", 1, 20000, "globex"), payees=(ACME, GLOBEX))
    plan = refund_of_rest(mixed, 14997 + 20000 - 4999, {"acme": Refunded(gross=4999, fee=500)})
    assert [(v.vendor_id, v.gross, v.fee) for v in plan.vendors] == [("acme", 9998, 1000), ("globex", 20000, 2500)]
    with pytest.raises(InvalidInput, match="still being recorded"):
        refund_of_rest(mixed, 100, {})


lines_st = st.lists(st.tuples(st.integers(1, 5), st.integers(1, 500_000), st.sampled_from(["acme", "globex", None])),
                    min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(lines=lines_st, rates=st.tuples(st.integers(0, 5000), st.integers(0, 5000)), data=st.data())
def test_any_sequence_of_line_refunds_gives_back_exactly_the_fee_and_the_net(lines, rates, data):
    payees = (Payee("acme", "acct_a", rates[0]), Payee("globex", "acct_g", rates[1]))
    the_order = order(*[(f"S{i}", q, p, v) for i, (q, p, v) in enumerate(lines)], payees=payees)
    left = {line.sku: line.quantity for line in the_order.lines}
    done: dict[str, Refunded] = {}
    refunded_amount = 0
    while any(left.values()):
        sku = data.draw(st.sampled_from(sorted(s for s, q in left.items() if q)))
        quantity = data.draw(st.integers(1, left[sku]))
        plan = refund_of_lines(the_order, {sku: quantity}, done)
        left[sku] -= quantity
        refunded_amount += plan.amount
        for part in plan.vendors:
            assert 0 <= part.fee <= part.gross and part.reversal >= 0
            before = done.get(part.vendor_id, Refunded())
            done[part.vendor_id] = Refunded(gross=before.gross + part.gross, fee=before.fee + part.fee)
    assert refunded_amount == the_order.total.amount
    for share in shares(the_order):
        assert done.get(share.vendor_id, Refunded()) == Refunded(gross=share.gross, fee=share.fee)
        assert 0 <= share.fee <= share.gross
