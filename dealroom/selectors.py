"""Deal-room reads, always through membership: a non-member gets NotFound for everything."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from commerce.domain.cart import Cart
from commerce.domain.orders import Order
from commerce.errors import InvalidInput, NotFound
from commerce.services import selectors as commerce_selectors
from config.observability import tracing
from dealroom import visibility
from dealroom.domain.deals import Deal, Member, require_member
from dealroom.persistence.uow import unit_of_work
from dealroom.services.log import deal_read

MAX_EVENTS_PAGE = 500


@dataclass(frozen=True)
class Room:
    deal: Deal
    member: Member
    members: list[Member]
    cart: Cart
    order: Optional[Order]
    available: dict

    def as_dict(self) -> dict:
        return visibility.deal_out(self.deal, self.cart, self.member, self.members, self.order, self.available)


def membership(*, deal_id: str, user_id: Optional[str]) -> tuple[Deal, Member]:
    if not user_id:
        require_member(None)
    member = require_member(unit_of_work().members.get(deal_id=deal_id, user_id=user_id or ""))
    tracing.annotate(deal_id=deal_id, role=member.role)
    return deal_read(deal_id), member


def members_of(deal_id: str) -> list[Member]:
    return unit_of_work().members.of_deal(deal_id)


def room(*, deal_id: str, user_id: Optional[str]) -> Room:
    deal, member = membership(deal_id=deal_id, user_id=user_id)
    cart = commerce_selectors.cart_get(cart_id=deal.cart_id)
    order = unit_of_work().orders.get(deal.order_id) if deal.order_id else None
    available = commerce_selectors.stock_available(skus=[line.sku for line in cart.lines])
    return Room(deal=deal, member=member, members=members_of(deal_id), cart=cart, order=order, available=available)


def events_after(*, deal_id: str, user_id: Optional[str], after: int = 0, limit: int = 100) -> list[dict]:
    if after < 0 or not 1 <= limit <= MAX_EVENTS_PAGE:
        raise InvalidInput(f"after must be >= 0 and limit between 1 and {MAX_EVENTS_PAGE}")
    deal, member = membership(deal_id=deal_id, user_id=user_id)
    events = unit_of_work().events.after(deal_id, seq=after, limit=limit)
    return [visibility.event_out(event, deal, member.role) for event in events]


def deal_order_for(*, deal_id: str, user_id: Optional[str], order_id: str) -> Order:
    """A deal's order, for a member whose role may see it (NotFound for everyone else)."""
    deal, member = membership(deal_id=deal_id, user_id=user_id)
    if deal.order_id != order_id or not visibility.may_see_order(deal, member.role):
        raise NotFound("no such order")
    return commerce_selectors.order_get(order_id=order_id)
