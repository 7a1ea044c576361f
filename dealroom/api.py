"""Deal-room JSON API. Every answer is filtered by the caller's role; non-members get 404."""
from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from commerce.api import errors
from dealroom import schemas, selectors
from dealroom.auth import check_csrf, current_user_id
from dealroom.services import approvals, pay, quote

router = Router(tags=["deals"])


class EventsQuery(Schema):
    after: Annotated[int, Field(ge=0)] = 0
    limit: Annotated[int, Field(ge=1, le=selectors.MAX_EVENTS_PAGE)] = 100


def _room(request: HttpRequest, deal_id: str) -> dict:
    return selectors.room(deal_id=deal_id, user_id=current_user_id(request, deal_id)).as_dict()


@router.get("/{deal_id}", response={200: schemas.RoomOut, **errors(404)}, exclude_none=True,
            summary="The room as the caller's role may see it")
def deal_get(request: HttpRequest, deal_id: str):
    return _room(request, deal_id)


@router.get("/{deal_id}/members", response={200: list[schemas.MemberOut], **errors(404)}, exclude_none=True)
def deal_members(request: HttpRequest, deal_id: str):
    return _room(request, deal_id)["members"]


@router.get("/{deal_id}/events", response={200: schemas.EventsOut, **errors(404)}, exclude_none=True,
            summary="The deal's events after a sequence number (the polling fallback of the live room)")
def deal_events(request: HttpRequest, deal_id: str, query: Query[EventsQuery]):
    events = selectors.events_after(deal_id=deal_id, user_id=current_user_id(request, deal_id), after=query.after,
                                    limit=query.limit)
    return {"events": events, "last_seq": events[-1]["seq"] if events else query.after}


@router.post("/{deal_id}/approvals", response={200: schemas.RoomOut, **errors(403, 404, 409)}, exclude_none=True)
def deal_approve(request: HttpRequest, deal_id: str, payload: schemas.ApprovalIn):
    check_csrf(request)
    approvals.approval_give(deal_id=deal_id, user_id=current_user_id(request, deal_id) or "",
                            quote_version=payload.quote_version)
    return _room(request, deal_id)


@router.put("/{deal_id}/quote/lines/{sku}", response={200: schemas.RoomOut, **errors(403, 404, 409)}, exclude_none=True)
def deal_quote_line(request: HttpRequest, deal_id: str, sku: str, payload: schemas.QuoteLineIn):
    check_csrf(request)
    quote.quote_line_set(deal_id=deal_id, user_id=current_user_id(request, deal_id) or "", sku=sku,
                         quantity=payload.quantity, expected_version=payload.expected_version,
                         expected_quantity=payload.expected_quantity)
    return _room(request, deal_id)


@router.post("/{deal_id}/pay", response={200: schemas.PayOut, **errors(403, 404, 409, 502, 503)},
             summary="The economic buyer pays the approved quote: by card, or by invoice with net terms")
def deal_pay(request: HttpRequest, deal_id: str, payload: schemas.PayIn):
    check_csrf(request)
    user_id = current_user_id(request, deal_id) or ""
    room_url = request.build_absolute_uri(reverse("dealroom:room", args=[deal_id]))
    if payload.method == "card":
        order = pay.deal_pay_by_card(deal_id=deal_id, user_id=user_id, success_url=room_url + "?paid=1",
                                     cancel_url=room_url)
        return {"order_id": order.id, "redirect_url": order.payment.checkout_url}
    order = pay.deal_pay_by_invoice(deal_id=deal_id, user_id=user_id, net_days=payload.net_days or 30)
    return {"order_id": order.id, "redirect_url": order.payment.invoice_url}
