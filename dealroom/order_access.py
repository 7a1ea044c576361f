"""How commerce treats what belongs to a deal: its order is read only by members whose role may see it,
and its quote is opened in the room (registered in DealroomConfig.ready())."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from commerce.domain.orders import Order
from commerce.errors import NotFound
from dealroom.auth import member_of
from dealroom.selectors import deal_order_for


def may_read_deal_order(session: Mapping[str, Any], order: Order) -> bool:
    deal_id = (order.customer_id or "").split(":", 1)[1]
    try:
        deal_order_for(deal_id=deal_id, user_id=member_of(session, deal_id), order_id=order.id)
    except NotFound:
        return False
    return True


def room_url(deal_id: str) -> str:
    return reverse("dealroom:room", args=[deal_id])
