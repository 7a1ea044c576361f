"""Deal-room reads, always through membership: a non-member gets NotFound for everything."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from commerce import clock
from commerce.domain.orders import Order
from commerce.errors import InvalidInput
from commerce.persistence.base import query_partition
from commerce.services import selectors as commerce_selectors
from dealroom import persistence as p
from dealroom import visibility
from dealroom.domain.deals import Deal, Member, require_member
from dealroom.domain.health import Health, deal_health
from dealroom.persistence import DealEventItem, MemberItem
from dealroom.services.invites import member_get
from dealroom.services.log import deal_read


@dataclass(frozen=True)
class Room:
    deal: Deal
    member: Member
    members: list[Member]
    cart: object
    order: Optional[Order]
    available: dict

    def as_dict(self) -> dict:
        return visibility.deal_out(self.deal, self.cart, self.member, self.members, self.order, self.available)


def membership(*, deal_id: str, user_id: Optional[str]) -> tuple[Deal, Member]:
    if not user_id:
        require_member(None)
    member = require_member(member_get(deal_id=deal_id, user_id=user_id))
    return deal_read(deal_id), member


def members_of(deal_id: str) -> list[Member]:
    return [item.to_domain() for item in MemberItem.query(p.deal_pk(deal_id), MemberItem.sk.startswith("MEMBER#"),
                                                          consistent_read=True)]


def room(*, deal_id: str, user_id: Optional[str]) -> Room:
    deal, member = membership(deal_id=deal_id, user_id=user_id)
    cart = commerce_selectors.cart_get(cart_id=deal.cart_id)
    order = commerce_selectors.order_get(order_id=deal.order_id) if deal.order_id else None
    available = commerce_selectors.stock_available(skus=[line.sku for line in cart.lines])
    return Room(deal=deal, member=member, members=members_of(deal_id), cart=cart, order=order, available=available)


def events_after(*, deal_id: str, user_id: Optional[str], after: int = 0, limit: int = 100) -> list[dict]:
    if after < 0 or not 1 <= limit <= 500:
        raise InvalidInput("after must be >= 0 and limit between 1 and 500")
    deal, member = membership(deal_id=deal_id, user_id=user_id)
    items = DealEventItem.query(p.deal_pk(deal_id), DealEventItem.sk.between(p.event_sk(after + 1), p.event_sk(10**p.SEQ_DIGITS - 1)), limit=limit,
                                consistent_read=True)
    return [visibility.event_out(item.as_dict(), deal, member.role) for item in items]


def staff_view(*, deal_id: str, stalled_days: Optional[int] = None) -> dict:
    """Everything, for sales staff: MEDDPICC, notes, engagement and the health score with its reasons."""
    from django.conf import settings

    stalled_days = settings.STALLED_AFTER_DAYS if stalled_days is None else stalled_days
    deal = deal_read(deal_id)
    cart = commerce_selectors.cart_get(cart_id=deal.cart_id)
    members = members_of(deal_id)
    health: Health = deal_health(deal, members, cart.version, clock.now(), stalled_days)
    return {"deal": deal, "cart": cart, "members": members, "health": health}
