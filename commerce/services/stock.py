"""Stock adjustments by staff: counted in or out, with a reason, audited in the same transaction."""
from __future__ import annotations

from dataclasses import dataclass

from pynamodb.exceptions import DoesNotExist

from commerce.domain.catalog import validate_sku
from commerce.errors import Conflict, InvalidInput, NotFound
from commerce.persistence import keys
from commerce.persistence.catalog import StockItem
from commerce.persistence.transaction import Transaction, TransactionCanceled
from commerce.services.audit import audit_entry
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
    try:
        item = StockItem.get(keys.product_pk(sku), keys.STOCK_SK, consistent_read=True)
    except DoesNotExist:
        raise NotFound(f"no stock record for {sku!r}") from None
    return _levels(item)


def stock_levels_many(*, skus: list[str]) -> dict[str, StockLevels]:
    """Levels of many products in one BatchGetItem (a list page), by sku; products without stock are absent."""
    if not skus:
        return {}
    found = StockItem.batch_get([(keys.product_pk(sku), keys.STOCK_SK) for sku in set(skus)], consistent_read=True)
    return {item.sku: _levels(item) for item in found}


def _levels(item: StockItem) -> StockLevels:
    return StockLevels(sku=item.sku, on_hand=int(item.on_hand), reserved=int(item.reserved),
                       available=int(item.available))


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
    tx = Transaction()
    condition = StockItem.on_hand == before.on_hand
    if delta < 0:
        condition &= StockItem.available >= -delta
    tx.update(StockItem(keys.product_pk(sku), keys.STOCK_SK),
              [StockItem.on_hand.add(delta), StockItem.available.add(delta)], condition=condition, label="stock")
    tx.put(audit_entry(actor=actor, action="stock.adjust", target_type="product", target_id=sku,
                       before={"on_hand": before.on_hand, "available": before.available},
                       after={"on_hand": after.on_hand, "available": after.available, "delta": delta},
                       reason=reason), label="audit")
    try:
        tx.commit()
    except TransactionCanceled as exc:
        if exc.failed("stock"):
            now = stock_levels(sku=sku)
            raise StockChanged(f"Stock changed while you were editing (on hand is now {now.on_hand}, "
                               f"{now.available} available). Check and submit again.", on_hand=now.on_hand) from None
        raise
    return stock_levels(sku=sku)
