"""An in-memory unit of work with the stores' interfaces, for fast tests of service decisions.

Each intent is a (label, check, apply) triple: commit runs every check first and raises the same
TransactionCanceled as DynamoDB (naming the failed labels) or applies them all, so services see the same
atomicity. Conditions are the stores' meaning in plain Python; DynamoDB Local keeps the tests of the real
conditions and of races. `before_commit` lets a test slip a concurrent change in between plan and commit.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Optional

from commerce.domain.cart import CHECKED_OUT, OPEN, Cart, CartLine
from commerce.domain.catalog import Product
from commerce.domain.orders import PENDING_PAYMENT, Order
from commerce.domain.stock import COMMITTED, HELD, RELEASED, Reservation, Stock
from commerce.domain.users import User
from commerce.persistence.transaction import Failure, TransactionCanceled
from dealroom.domain.deals import Deal, DealChange, Invite, Member
from dealroom.domain.events import Committed

Check = Callable[[], bool]


@dataclass
class Memory:
    carts: dict[str, Cart] = field(default_factory=dict)
    products: dict[str, tuple[Product, int]] = field(default_factory=dict)
    stock: dict[str, Stock] = field(default_factory=dict)
    reservations: dict[tuple[str, str], Reservation] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    deals: dict[str, Deal] = field(default_factory=dict)
    members: dict[tuple[str, str], Member] = field(default_factory=dict)
    events: dict[str, dict[int, Committed]] = field(default_factory=dict)
    invites: dict[str, Invite] = field(default_factory=dict)
    markers: dict[str, set[str]] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    audit: list[Any] = field(default_factory=list)
    commits: list[list[str]] = field(default_factory=list)  # the labels of every committed transaction
    before_commit: Optional[Callable[[], None]] = None  # runs once, between a plan and its commit


class FakeTransaction:
    def __init__(self, memory: Memory) -> None:
        self.memory = memory
        self.intents: list[tuple[str, Check, Callable[[], None]]] = []

    def __len__(self) -> int:
        return len(self.intents)

    def add(self, label: str, check: Check, apply: Callable[[], None]) -> None:
        self.intents.append((label, check, apply))

    def commit(self) -> None:
        hook, self.memory.before_commit = self.memory.before_commit, None
        if hook:
            hook()
        failed = [Failure(label, "ConditionalCheckFailed") for label, check, _ in self.intents if not check()]
        if failed:
            raise TransactionCanceled(failed)
        for _, _, apply in self.intents:
            apply()
        self.memory.commits.append([label for label, _, _ in self.intents])


def always() -> bool:
    return True


class _Store:
    def __init__(self, tx: FakeTransaction) -> None:
        self.tx, self.m = tx, tx.memory


class CartStore(_Store):
    def get(self, cart_id: str) -> Optional[Cart]:
        return self.m.carts.get(cart_id)

    def add(self, cart: Cart, *, owner_id: Any, now: int, expires_at: Any) -> None:
        self.tx.add("cart", lambda: cart.id not in self.m.carts, lambda: self.m.carts.__setitem__(cart.id, cart))

    def set_line(self, *, cart_id: str, sku: str, line: Optional[CartLine], expected_version: Optional[int],
                 now: int, ttl_seconds: Any, deal_id: Optional[str], label: str = "cart") -> Callable[[], Cart]:
        def check() -> bool:
            cart = self.m.carts.get(cart_id)
            return bool(cart and cart.status == OPEN and cart.deal_id == deal_id
                        and (expected_version is None or cart.version == expected_version)
                        and (line is not None or cart.line(sku) is not None))

        def apply() -> None:
            cart = self.m.carts[cart_id]
            lines = [existing for existing in cart.lines if existing.sku != sku] + ([line] if line else [])
            self.m.carts[cart_id] = replace(cart, lines=tuple(lines), version=cart.version + 1)

        self.tx.add(label, check, apply)
        return lambda: self.m.carts[cart_id]

    def check_out(self, cart: Cart, *, order_id: str, label: str = "cart") -> None:
        self.tx.add(label, lambda: self._at(cart.id, cart.version),
                    lambda: self._put(cart.id, status=CHECKED_OUT, order_id=order_id))

    def reopen(self, *, cart_id: str, order_id: str, label: str = "cart") -> None:
        def check() -> bool:
            return (self.m.carts[cart_id].status, self.m.carts[cart_id].order_id) == (CHECKED_OUT, order_id)

        self.tx.add(label, check, lambda: self._put(cart_id, status=OPEN, order_id=None))

    def reprice(self, cart: Cart, *, unit_amounts: dict[str, int], label: str = "cart") -> None:
        def apply() -> None:
            current = self.m.carts[cart.id]
            lines = tuple(replace(line, unit_price=replace(line.unit_price, amount=unit_amounts.get(
                line.sku, line.unit_price.amount))) for line in current.lines)
            self.m.carts[cart.id] = replace(current, lines=lines, version=current.version + 1)

        self.tx.add(label, lambda: self._at(cart.id, cart.version), apply)

    def require(self, *, cart_id: str, version: int, label: str = "cart") -> None:
        self.tx.add(label, lambda: self._at(cart_id, version), lambda: None)

    def _at(self, cart_id: str, version: int) -> bool:
        cart = self.m.carts.get(cart_id)
        return bool(cart and cart.version == version and cart.status == OPEN)

    def _put(self, cart_id: str, **changes: Any) -> None:
        self.m.carts[cart_id] = replace(self.m.carts[cart_id], **changes)


class ProductStore(_Store):
    def get(self, sku: str, *, consistent: bool = True) -> Optional[tuple[Product, int]]:
        return self.m.products.get(sku)

    def get_many(self, skus: list[str]) -> dict[str, Product]:
        return {sku: self.m.products[sku][0] for sku in skus if sku in self.m.products}


class StockStore(_Store):
    def get(self, sku: str) -> Optional[Stock]:
        return self.m.stock.get(sku)

    def get_many(self, skus: list[str], *, consistent: bool = True) -> dict[str, Stock]:
        return {sku: self.m.stock[sku] for sku in skus if sku in self.m.stock}

    def reserve(self, *, sku: str, order_id: str, quantity: int, hold_until: int) -> None:
        def apply() -> None:
            stock = self.m.stock[sku]
            self.m.stock[sku] = replace(stock, reserved=stock.reserved + quantity)
            self.m.reservations[(sku, order_id)] = Reservation(sku=sku, order_id=order_id, quantity=quantity,
                                                               hold_until=hold_until)

        self.tx.add(f"stock:{sku}", lambda: sku in self.m.stock and self.m.stock[sku].available >= quantity, apply)
        self.tx.add(f"reservation:{sku}", lambda: (sku, order_id) not in self.m.reservations, lambda: None)

    def settle(self, *, sku: str, order_id: str, quantity: int, status: str, reservation_exists: bool = True) -> None:
        def apply() -> None:
            stock = self.m.stock[sku]
            on_hand = stock.on_hand - (quantity if status == COMMITTED else 0)
            self.m.stock[sku] = replace(stock, on_hand=on_hand, reserved=stock.reserved - quantity)
            if (sku, order_id) in self.m.reservations:
                self.m.reservations[(sku, order_id)] = replace(self.m.reservations[(sku, order_id)], status=status)

        held = self.m.reservations.get((sku, order_id))
        assert status in (RELEASED, COMMITTED)
        self.tx.add(f"reservation:{sku}", lambda: not reservation_exists or (held is not None and held.status == HELD),
                    apply)

    def reservations_of(self, *, order_id: str, skus: list[str]) -> list[Reservation]:
        return [self.m.reservations[(sku, order_id)] for sku in skus if (sku, order_id) in self.m.reservations]


class OrderStore(_Store):
    def get(self, order_id: str) -> Optional[Order]:
        return self.m.orders.get(order_id)

    def add(self, order: Order, *, label: str = "order") -> None:
        self.tx.add(label, lambda: order.id not in self.m.orders, lambda: self.m.orders.__setitem__(order.id, order))

    def move(self, order_id: str, *, to: str, when: str = PENDING_PAYMENT, hold_lapsed_at: Optional[int] = None,
             clear_error: bool = False, label: str = "order") -> None:
        def apply() -> None:
            order = self.m.orders[order_id]
            self.m.orders[order_id] = replace(order, status=to, version=order.version + 1)

        self.tx.add(label, lambda: self.m.orders[order_id].status == when, apply)


class AuditStore(_Store):
    def add(self, entry: Any, *, at_ms: int, label: str = "audit") -> None:
        self.tx.add(label, always, lambda: self.m.audit.append(entry))


class DealStore(_Store):
    def get(self, deal_id: str) -> Optional[Deal]:
        return self.m.deals.get(deal_id)

    def add(self, deal: Deal) -> None:
        self.tx.add("deal", lambda: deal.id not in self.m.deals, lambda: self.m.deals.__setitem__(deal.id, deal))

    def advance(self, deal: Deal, *, seq: int, now: int, change: DealChange) -> None:
        def apply() -> None:
            current = self.m.deals[deal.id]
            approvals = dict(current.approvals)
            if change.approval:
                approvals[change.approval[0]] = change.approval[1]
            self.m.deals[deal.id] = replace(
                current, last_event_seq=seq, approvals=approvals, order_id=change.order_id or current.order_id,
                version=current.version + (1 if change.bump_version else 0),
                **({"stalled_flagged_at": now} if change.stalled_flag else {"last_activity_at": now}))

        self.tx.add("deal", lambda: self.m.deals[deal.id].last_event_seq == deal.last_event_seq, apply)


class MemberStore(_Store):
    def get(self, *, deal_id: str, user_id: str) -> Optional[Member]:
        return self.m.members.get((deal_id, user_id))

    def of_deal(self, deal_id: str) -> list[Member]:
        return [m for (d, _), m in self.m.members.items() if d == deal_id]

    def add(self, member: Member, *, label: str = "member") -> None:
        self.tx.add(label, always, lambda: self.m.members.__setitem__((member.deal_id, member.user_id), member))

    def count_action(self, *, deal_id: str, user_id: str, now: int, label: str = "member") -> None:
        def apply() -> None:
            member = self.m.members[(deal_id, user_id)]
            self.m.members[(deal_id, user_id)] = replace(member, actions=member.actions + 1, last_seen_at=now)

        self.tx.add(label, lambda: (deal_id, user_id) in self.m.members, apply)


class EventStore(_Store):
    def after(self, deal_id: str, *, seq: int, limit: int) -> list[Committed]:
        log = self.m.events.get(deal_id, {})
        return [log[n] for n in sorted(log) if n > seq][:limit]

    def add(self, *, deal_id: str, seq: int, event: Any, actor: str, actor_user_id: Optional[str], at: int,
            label: str = "event", correlation_id: Optional[str] = None) -> Committed:
        committed = Committed(deal_id=deal_id, seq=seq, type=event.TYPE, actor=actor, at=at, event=event,
                              correlation_id=correlation_id)
        self.tx.add(label, lambda: seq not in self.m.events.get(deal_id, {}),
                    lambda: self.m.events.setdefault(deal_id, {}).__setitem__(seq, committed))
        return committed


class QuoteMarkerStore(_Store):
    def hold(self, *, sku: str, deal_id: str) -> None:
        self.tx.add("marker", always, lambda: self.m.markers.setdefault(sku, set()).add(deal_id))

    def drop(self, *, sku: str, deal_id: str) -> None:
        self.tx.add("marker", always, lambda: self.m.markers.setdefault(sku, set()).discard(deal_id))


class FakeUnitOfWork:
    """commerce's and the deal room's stores on one in-memory transaction."""

    def __init__(self, memory: Memory) -> None:
        self.tx = FakeTransaction(memory)
        self.carts, self.products, self.stock = CartStore(self.tx), ProductStore(self.tx), StockStore(self.tx)
        self.orders, self.audit = OrderStore(self.tx), AuditStore(self.tx)
        self.deals, self.members, self.events = DealStore(self.tx), MemberStore(self.tx), EventStore(self.tx)
        self.quote_markers = QuoteMarkerStore(self.tx)

    def __len__(self) -> int:
        return len(self.tx)

    def commit(self) -> None:
        self.tx.commit()
