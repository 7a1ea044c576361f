import itertools

import pytest

from commerce.domain import orders
from commerce.domain.orders import InvalidTransition, can_move, check_transition

ALLOWED = {
    ("pending_payment", "paid"), ("pending_payment", "canceled"), ("pending_payment", "expired"),
    ("paid", "fulfilled"), ("paid", "partially_refunded"), ("paid", "refunded"),
    ("partially_refunded", "partially_refunded"), ("partially_refunded", "refunded"),
    ("fulfilled", "partially_refunded"), ("fulfilled", "refunded"),
}


@pytest.mark.parametrize("current, target", list(itertools.product(orders.STATUSES, repeat=2)))
def test_only_forward_moves_are_allowed(current, target):
    assert can_move(current, target) == ((current, target) in ALLOWED)


def test_never_backwards():
    with pytest.raises(InvalidTransition, match="paid cannot become pending payment"):
        check_transition("paid", "pending_payment")
    with pytest.raises(InvalidTransition):
        check_transition("expired", "paid")
