"""Stock levels and reservations. `available` is what checkout may still reserve."""
from __future__ import annotations

from dataclasses import dataclass

from commerce.errors import Conflict, InvalidInput

HELD, RELEASED, COMMITTED = "held", "released", "committed"


@dataclass(frozen=True)
class Stock:
    sku: str
    on_hand: int
    reserved: int

    def __post_init__(self) -> None:
        if self.on_hand < 0 or self.reserved < 0:
            raise InvalidInput("stock levels cannot be negative")

    @property
    def available(self) -> int:
        return max(0, self.on_hand - self.reserved)


@dataclass(frozen=True)
class Reservation:
    sku: str
    order_id: str
    quantity: int
    hold_until: int  # epoch seconds
    status: str = HELD

    def lapsed(self, now: int) -> bool:
        """A held reservation past its hold counts as released for every read, swept or not."""
        return self.status == HELD and self.hold_until <= now


def available_now(stock: Stock, reservations: list[Reservation], now: int) -> int:
    """Stock available to a shopper, treating lapsed reservations as already released."""
    lapsed = sum(r.quantity for r in reservations if r.lapsed(now))
    return min(stock.on_hand, stock.available + lapsed)


class InsufficientStock(Conflict):
    code = "insufficient_stock"
