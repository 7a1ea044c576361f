"""Stock adjustments by staff: counted in or out, with a reason, audited in the same transaction."""
from __future__ import annotations

from dataclasses import dataclass

from commerce.domain.catalog import validate_sku
from commerce.domain.stock import Stock
from commerce.errors import Conflict, InvalidInput, NotFound
from commerce.persistence.uow import UnitOfWork, apply, unit_of_work
from commerce.services.audit import audit_add
from commerce.services.catalog import MAX_STOCK


class StockChanged(Conflict):
    code = "stock_changed"


@dataclass(frozen=True)
class StockLevels:
    sku: str
    on_hand: int
    reserved: int
    available: int


def stock_levels(*, sku: str) -> StockLevels:
    validate_sku(sku)
    stock = unit_of_work().stock.get(sku)
    if stock is None:
        raise NotFound(f"no stock record for {sku!r}")
    return _levels(stock)


def stock_levels_many(*, skus: list[str]) -> dict[str, StockLevels]:
    """Levels of many products in one BatchGetItem (a list page), by sku; products without stock are absent."""
    return {sku: _levels(stock) for sku, stock in unit_of_work().stock.get_many(skus).items()}


def _levels(stock: Stock) -> StockLevels:
    return StockLevels(sku=stock.sku, on_hand=stock.on_hand, reserved=stock.reserved, available=stock.available)


def stock_adjust(*, sku: str, delta: int, reason: str, actor: str, expected_on_hand: int) -> StockLevels:
    """Add (or, negative, remove) units on hand. `expected_on_hand` is what the person saw: if another
    adjustment landed since, nothing is written and StockChanged says what it is now. Units reserved by
    open checkouts can never be removed."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why the stock changes (a count, a delivery, damage...).")
    if len(reason) > 300:
        raise InvalidInput("Keep the reason under 300 characters.")
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise InvalidInput("The adjustment must be a whole number of units, not zero.")
    before = stock_levels(sku=sku)
    if before.on_hand != expected_on_hand:
        raise StockChanged(f"Stock on hand changed from {expected_on_hand} to {before.on_hand} while you were "
                           "editing. Check the new figure and submit again.", on_hand=before.on_hand)
    if before.on_hand + delta > MAX_STOCK:
        raise InvalidInput(f"Stock on hand cannot exceed {MAX_STOCK}.")
    if delta < 0 and before.available + delta < 0:
        raise InvalidInput(f"Only {before.available} unit(s) can be removed: {before.reserved} are reserved by "
                           "open checkouts.")
    after = StockLevels(sku=sku, on_hand=before.on_hand + delta, reserved=before.reserved,
                        available=before.available + delta)

    def build(u: UnitOfWork) -> None:
        u.stock.adjust(sku=sku, delta=delta, expected_on_hand=before.on_hand)
        audit_add(u, actor=actor, action="stock.adjust", target_type="product", target_id=sku,
                  before={"on_hand": before.on_hand, "available": before.available},
                  after={"on_hand": after.on_hand, "available": after.available, "delta": delta}, reason=reason)

    if not apply(build, refused=lambda exc: bool(exc.failed("stock"))):
        now = stock_levels(sku=sku)
        raise StockChanged(f"Stock changed while you were editing (on hand is now {now.on_hand}, "
                           f"{now.available} available). Check and submit again.", on_hand=now.on_hand)
    return stock_levels(sku=sku)
