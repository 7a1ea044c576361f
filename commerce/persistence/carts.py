"""Carts on the single table: CART#<id> / CART, lines as a map keyed by sku, `version` on every change.

A line change is ONE conditional UpdateItem on the line's own map entry, so concurrent edits of other
lines never overwrite each other, and a pinned expected version is checked in the same write.
"""
from __future__ import annotations

from typing import Optional

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.expressions.condition import size
from pynamodb.expressions.operand import Value
from pynamodb.exceptions import UpdateError

from commerce.domain.cart import MAX_LINES, OPEN, Cart, CartLine
from commerce.domain.money import Money
from commerce import clock
from commerce.persistence import keys
from commerce.persistence.base import TableItem


class CartLineAttribute(MapAttribute):
    name = UnicodeAttribute()
    quantity = NumberAttribute()
    unit_amount = NumberAttribute()


class CartItem(TableItem, discriminator="Cart"):
    cart_id = UnicodeAttribute()
    currency = UnicodeAttribute()
    status = UnicodeAttribute(default=OPEN)
    version = NumberAttribute(default=1)
    lines = MapAttribute(default=dict)
    added = MapAttribute(default=dict)  # sku -> first-added epoch ms (kept apart so a line write can preserve it)
    order_id = UnicodeAttribute(null=True)
    deal_id = UnicodeAttribute(null=True)
    owner_id = UnicodeAttribute(null=True)
    updated_at = NumberAttribute(default=0)

    def to_domain(self) -> Cart:
        raw = self.lines.as_dict() if isinstance(self.lines, MapAttribute) else dict(self.lines or {})
        added = self.added.as_dict() if isinstance(self.added, MapAttribute) else dict(self.added or {})
        lines = []
        for sku, line in raw.items():
            line = line.as_dict() if isinstance(line, MapAttribute) else line
            lines.append(CartLine(
                sku=sku, name=line["name"], quantity=int(line["quantity"]),
                unit_price=Money(int(line["unit_amount"]), self.currency), added_at=int(added.get(sku, 0)),
            ))
        lines.sort(key=lambda l: (l.added_at, l.sku))
        return Cart(
            id=self.cart_id, version=int(self.version), currency=self.currency, lines=tuple(lines),
            status=self.status, order_id=self.order_id, deal_id=self.deal_id,
        )


def new_cart_item(*, cart_id: str, currency: str, deal_id: Optional[str], owner_id: Optional[str],
                  now: int, ttl: Optional[int]) -> CartItem:
    return CartItem(
        keys.cart_pk(cart_id), keys.CART_SK, cart_id=cart_id, currency=currency, status=OPEN, version=1,
        lines={}, added={}, deal_id=deal_id, owner_id=owner_id, updated_at=now, expires_at=clock.ttl(ttl) if ttl else None,
    )


def line_write(*, sku: str, line: Optional[CartLine], expected_version: Optional[int], now: int,
               ttl_seconds: Optional[int], deal_id: Optional[str]) -> tuple[list, object]:
    """The actions and condition of a line write, for one UpdateItem or a transaction. The condition
    carries every cart invariant: the cart exists and is open, it belongs to this deal (or to none: deal
    quotes are edited only through their room), the line's currency is the cart's, the pinned version
    (if any) still holds, and a new line fits."""
    path, added = CartItem.lines[sku], CartItem.added[sku]
    condition = CartItem.pk.exists() & (CartItem.status == OPEN)
    condition &= (CartItem.deal_id == deal_id) if deal_id else CartItem.deal_id.does_not_exist()
    if expected_version is not None:
        condition &= CartItem.version == expected_version
    if line is not None:
        actions = [
            path.set(Value(CartLineAttribute(name=line.name, quantity=line.quantity,
                                             unit_amount=line.unit_price.amount),
                           attribute=CartLineAttribute())),
            added.set(added | Value(line.added_at, attribute=NumberAttribute())),  # if_not_exists: keep first-added time
        ]
        condition &= CartItem.currency == line.unit_price.currency
        condition &= path.exists() | (size(CartItem.lines) < MAX_LINES)
    else:
        actions = [path.remove(), added.remove()]
        condition &= path.exists()
    actions += [CartItem.version.add(1), CartItem.updated_at.set(now)]
    if ttl_seconds:
        actions.append(CartItem.expires_at.set(clock.ttl(now + ttl_seconds)))
    return actions, condition


def write_line(*, cart_id: str, sku: str, line: Optional[CartLine], expected_version: Optional[int],
               now: int, ttl_seconds: Optional[int]) -> Optional[Cart]:
    """ONE conditional UpdateItem (see line_write) returning the new cart, or None when the condition
    failed (the caller re-reads to explain why). Only for carts outside a deal."""
    item = CartItem(keys.cart_pk(cart_id), keys.CART_SK)
    actions, condition = line_write(sku=sku, line=line, expected_version=expected_version, now=now,
                                    ttl_seconds=ttl_seconds, deal_id=None)
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as exc:
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return None
        raise
    return item.to_domain()
