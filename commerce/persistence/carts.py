"""The cart store: CART#<id> / CART, lines as a map keyed by sku, `version` on every change.

A line change is ONE conditional UpdateItem on the line's own map entry, so concurrent edits of other
lines never overwrite each other, and a pinned expected version is checked in the same write. A deal's
quote is a cart too: the deal room composes these same intents inside its event transaction.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.condition import size
from pynamodb.expressions.operand import Value

from commerce import clock
from commerce.domain.cart import CHECKED_OUT, MAX_LINES, OPEN, Cart, CartLine
from commerce.domain.money import Money
from commerce.persistence import keys
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction


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
        raw = _plain(self.lines)
        added = _plain(self.added)
        lines = []
        for sku, line in raw.items():
            line = _plain(line)
            lines.append(CartLine(
                sku=sku, name=line["name"], quantity=int(line["quantity"]),
                unit_price=Money(int(line["unit_amount"]), self.currency), added_at=int(added.get(sku, 0)),
            ))
        lines.sort(key=lambda line: (line.added_at, line.sku))
        return Cart(id=self.cart_id, version=int(self.version), currency=self.currency, lines=tuple(lines),
                    status=self.status, order_id=self.order_id, deal_id=self.deal_id)


def _plain(value: Any) -> dict:
    return value.as_dict() if isinstance(value, MapAttribute) else dict(value or {})


def _key(cart_id: str) -> CartItem:
    return CartItem(keys.cart_pk(cart_id), keys.CART_SK)


class CartStore:
    LABEL = "cart"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, cart_id: str) -> Optional[Cart]:
        """The cart as it is now (consistent read); None when missing or past its expiry."""
        try:
            item = CartItem.get(keys.cart_pk(cart_id), keys.CART_SK, consistent_read=True)
        except DoesNotExist:
            return None
        if item.expires_at is not None and item.expires_at.timestamp() <= clock.now():
            return None
        return item.to_domain()

    def add(self, cart: Cart, *, owner_id: Optional[str], now: int, expires_at: Optional[int]) -> None:
        self.tx.put(CartItem(
            keys.cart_pk(cart.id), keys.CART_SK, cart_id=cart.id, currency=cart.currency, status=OPEN, version=1,
            lines={}, added={}, deal_id=cart.deal_id, owner_id=owner_id, updated_at=now,
            expires_at=clock.ttl(expires_at) if expires_at else None,
        ), condition=CartItem.pk.does_not_exist(), label=self.LABEL)

    def set_line(self, *, cart_id: str, sku: str, line: Optional[CartLine], expected_version: Optional[int],
                 now: int, ttl_seconds: Optional[int], deal_id: Optional[str],
                 label: str = LABEL) -> Callable[[], Cart]:
        """Set (or, with line=None, remove) one line. The condition carries every cart invariant: the cart
        exists and is open, it belongs to this deal (or to none: a deal's quote is edited only through its
        room), the line's currency is the cart's, the pinned version (if any) still holds, and a new line
        fits. Returns a reader of the cart as written (for a commit of this one write)."""
        item = _key(cart_id)
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
                added.set(added | Value(line.added_at, attribute=NumberAttribute())),  # keep the first-added time
            ]
            condition &= CartItem.currency == line.unit_price.currency
            condition &= path.exists() | (size(CartItem.lines) < MAX_LINES)
        else:
            actions = [path.remove(), added.remove()]
            condition &= path.exists()
        actions += [CartItem.version.add(1), CartItem.updated_at.set(now)]
        if ttl_seconds:
            actions.append(CartItem.expires_at.set(clock.ttl(now + ttl_seconds)))
        self.tx.update(item, actions, condition=condition, label=label)
        return item.to_domain

    def check_out(self, cart: Cart, *, order_id: str, label: str = LABEL) -> None:
        """Lock the cart at the version read: it becomes the order's. The version does not move (the lines
        did not change): a checkout that is given back (`reopen`) leaves approvals of that version valid."""
        condition = (CartItem.version == cart.version) & (CartItem.status == OPEN)
        condition &= (CartItem.deal_id == cart.deal_id) if cart.deal_id else CartItem.deal_id.does_not_exist()
        self.tx.update(_key(cart.id), [CartItem.status.set(CHECKED_OUT), CartItem.order_id.set(order_id),
                                       CartItem.updated_at.set(clock.now())], condition=condition, label=label)

    def reopen(self, *, cart_id: str, order_id: str, label: str = LABEL) -> None:
        """A checkout that never reached payment gives its cart back, lines intact."""
        self.tx.update(_key(cart_id), [CartItem.status.set(OPEN), CartItem.order_id.remove(),
                                       CartItem.updated_at.set(clock.now())],
                       condition=(CartItem.status == CHECKED_OUT) & (CartItem.order_id == order_id), label=label)

    def reprice(self, cart: Cart, *, unit_amounts: dict[str, int], label: str = LABEL) -> None:
        """Every line at a new unit amount, at the version read."""
        actions = [CartItem.lines[line.sku].set(CartLineAttribute(
            name=line.name, quantity=line.quantity, unit_amount=unit_amounts.get(line.sku, line.unit_price.amount)))
            for line in cart.lines]
        actions.append(CartItem.version.add(1))
        self.tx.update(_key(cart.id), actions, condition=(CartItem.version == cart.version) & (CartItem.status == OPEN),
                       label=label)

    def require(self, *, cart_id: str, version: int, label: str = LABEL) -> None:
        """A condition only: the cart is open at exactly this version when the transaction commits."""
        self.tx.check(CartItem, keys.cart_pk(cart_id), keys.CART_SK,
                      condition=(CartItem.version == version) & (CartItem.status == OPEN), label=label)
