from commerce.domain.stock import COMMITTED, Reservation, Stock, available_now


def test_available_is_on_hand_minus_reserved():
    assert Stock("A", on_hand=10, reserved=3).available == 7


def test_lapsed_reservations_count_as_released_before_any_sweep():
    stock = Stock("A", on_hand=10, reserved=6)
    held = [Reservation("A", "o1", 4, hold_until=100), Reservation("A", "o2", 2, hold_until=300)]
    assert available_now(stock, held, now=99) == 4
    assert available_now(stock, held, now=100) == 8  # o1's hold ended
    assert available_now(stock, held, now=300) == 10


def test_committed_reservations_never_lapse():
    assert not Reservation("A", "o", 1, hold_until=0, status=COMMITTED).lapsed(now=10)
