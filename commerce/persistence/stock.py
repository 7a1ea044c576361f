"""The stock store: levels (PRODUCT#<sku> / STOCK) and reservations (PRODUCT#<sku> / RESERVATION#<order>).

`available` = on_hand - reserved is stored so a condition can test `available >= :qty` (DynamoDB
conditions cannot do arithmetic): oversell is impossible, not unlikely. A held reservation also sits in the
sparse GSI1 partition RESERVATIONS#HELD sorted by hold time, which is what the sweeper queries (no scan).
"""
from __future__ import annotations

from typing import Optional

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce import clock
from commerce.domain.stock import COMMITTED, HELD, RELEASED, Reservation, Stock
from commerce.persistence import keys
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Failure, Transaction

# Reservations are garbage-collected by TTL a week after their hold: the sweeper (and every read)
# releases them at hold_until; TTL only removes the record once it no longer matters.
RESERVATION_RETENTION = 7 * 24 * 3600


class StockItem(TableItem, discriminator="Stock"):
    sku = UnicodeAttribute()
    on_hand = NumberAttribute(default=0)
    reserved = NumberAttribute(default=0)
    available = NumberAttribute(default=0)

    def to_domain(self) -> Stock:
        return Stock(sku=self.sku, on_hand=int(self.on_hand), reserved=int(self.reserved))


class ReservationItem(TableItem, discriminator="Reservation"):
    sku = UnicodeAttribute()
    order_id = UnicodeAttribute()
    quantity = NumberAttribute()
    hold_until = NumberAttribute()
    status = UnicodeAttribute(default=HELD)

    def to_domain(self) -> Reservation:
        return Reservation(sku=self.sku, order_id=self.order_id, quantity=int(self.quantity),
                           hold_until=int(self.hold_until), status=self.status)


def _stock(sku: str) -> StockItem:
    return StockItem(keys.product_pk(sku), keys.STOCK_SK)


def _reservation(sku: str, order_id: str) -> ReservationItem:
    return ReservationItem(keys.product_pk(sku), keys.reservation_sk(order_id))


def available_in(failure: Failure) -> int:
    """What a refused reservation found available (from the stock item as it was)."""
    old = failure.old_item or {}
    return max(0, int(old.get("available", {}).get("N", 0))) if old else 0


class StockStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    # --- reads ------------------------------------------------------------------------------------

    def get(self, sku: str) -> Optional[Stock]:
        try:
            return StockItem.get(keys.product_pk(sku), keys.STOCK_SK, consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def get_many(self, skus: list[str], *, consistent: bool = True) -> dict[str, Stock]:
        if not skus:
            return {}
        found = StockItem.batch_get([(keys.product_pk(sku), keys.STOCK_SK) for sku in set(skus)],
                                    consistent_read=consistent)
        return {item.sku: item.to_domain() for item in found}

    def reservations_of(self, *, order_id: str, skus: list[str]) -> list[Reservation]:
        if not skus:
            return []
        found = ReservationItem.batch_get([(keys.product_pk(sku), keys.reservation_sk(order_id)) for sku in skus],
                                          consistent_read=True)
        return [item.to_domain() for item in found]

    def lapsed(self, *, now: int, limit: int = 500) -> list[Reservation]:
        """Held reservations whose hold has passed (GSI1 RESERVATIONS#HELD sorted by hold time; no scan)."""
        query = ReservationItem.gsi1.query(keys.HELD_RESERVATIONS_PK,
                                           ReservationItem.gsi1sk < keys.held_before_sk(now), limit=limit)
        return [item.to_domain() for item in query if item.status == HELD]

    def lapsed_for(self, *, sku: str, now: int) -> list[Reservation]:
        query = ReservationItem.query(keys.product_pk(sku), ReservationItem.sk.startswith(keys.RESERVATION_PREFIX),
                                      filter_condition=(ReservationItem.status == HELD)
                                      & (ReservationItem.hold_until <= now), consistent_read=True)
        return [item.to_domain() for item in query]

    # --- intents ----------------------------------------------------------------------------------

    def reserve(self, *, sku: str, order_id: str, quantity: int, hold_until: int) -> None:
        """Take `quantity` from available (refused, label stock:<sku>, when fewer are left) and hold them."""
        self.tx.update(_stock(sku), [StockItem.reserved.add(quantity), StockItem.available.add(-quantity)],
                       condition=StockItem.available >= quantity, label=f"stock:{sku}", return_old=True)
        self.tx.put(ReservationItem(
            keys.product_pk(sku), keys.reservation_sk(order_id), sku=sku, order_id=order_id, quantity=quantity,
            hold_until=hold_until, status=HELD, gsi1pk=keys.HELD_RESERVATIONS_PK,
            gsi1sk=keys.held_reservation_sk(hold_until, sku, order_id),
            expires_at=clock.ttl(hold_until + RESERVATION_RETENTION),
        ), condition=ReservationItem.pk.does_not_exist(), label=f"reservation:{sku}")

    def settle(self, *, sku: str, order_id: str, quantity: int, status: str, reservation_exists: bool = True) -> None:
        """A held reservation ends: `released` gives the units back, `committed` sells them. Refused (label
        reservation:<sku>) unless it is still held, so it happens once. A reservation TTL already deleted
        (`reservation_exists=False`) is settled by stock alone."""
        if status not in (RELEASED, COMMITTED):
            raise ValueError(f"a reservation settles as released or committed, not {status}")
        if reservation_exists:
            self.tx.update(_reservation(sku, order_id), [
                ReservationItem.status.set(status), ReservationItem.gsi1pk.remove(), ReservationItem.gsi1sk.remove()],
                condition=ReservationItem.status == HELD, label=f"reservation:{sku}")
        if status == COMMITTED:
            actions = [StockItem.on_hand.add(-quantity), StockItem.reserved.add(-quantity)]
        else:
            actions = [StockItem.reserved.add(-quantity), StockItem.available.add(quantity)]
        self.tx.update(_stock(sku), actions, label=f"stock:{sku}")

    def extend(self, *, sku: str, order_id: str, hold_until: int) -> None:
        self.tx.update(_reservation(sku, order_id), [
            ReservationItem.hold_until.set(hold_until),
            ReservationItem.gsi1sk.set(keys.held_reservation_sk(hold_until, sku, order_id)),
            ReservationItem.expires_at.set(clock.ttl(hold_until + RESERVATION_RETENTION))],
            condition=ReservationItem.status == HELD, label=f"reservation:{sku}")

    def set_on_hand(self, *, sku: str, on_hand: int, label: str = "stock") -> None:
        """Create or set the units on hand, keeping what is reserved (refused below it)."""
        reserved = StockItem.reserved | 0
        self.tx.update(_stock(sku), [StockItem.entity.set(StockItem), StockItem.sku.set(sku),
                                     StockItem.on_hand.set(on_hand), StockItem.reserved.set(reserved),
                                     StockItem.available.set(on_hand - reserved)],
                       condition=StockItem.reserved.does_not_exist() | (StockItem.reserved <= on_hand), label=label)

    def add_new(self, *, sku: str, on_hand: int, label: str = "stock") -> None:
        self.tx.put(StockItem(keys.product_pk(sku), keys.STOCK_SK, sku=sku, on_hand=on_hand, reserved=0,
                              available=on_hand), condition=StockItem.pk.does_not_exist(), label=label)

    def adjust(self, *, sku: str, delta: int, expected_on_hand: int, label: str = "stock") -> None:
        """Count units in or out, pinned to the on-hand figure the person saw; never below what is reserved."""
        condition = StockItem.on_hand == expected_on_hand
        if delta < 0:
            condition &= StockItem.available >= -delta
        self.tx.update(_stock(sku), [StockItem.on_hand.add(delta), StockItem.available.add(delta)],
                       condition=condition, label=label)
