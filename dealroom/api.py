"""Deal-room JSON API. Every answer is filtered by the caller's role; non-members get 404."""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from pydantic import Field

from commerce.domain.cart import MAX_QUANTITY
from commerce.schemas import ErrorOut
from dealroom import selectors
from dealroom.auth import check_csrf, current_user_id
from dealroom.services import approvals, pay, quote

router = Router(tags=["deals"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ApprovalIn(Schema):
    quote_version: Annotated[int, Field(strict=True, ge=1)]


class QuoteLineIn(Schema):
    quantity: Annotated[int, Field(strict=True, ge=0, le=MAX_QUANTITY)]
    expected_version: Optional[Annotated[int, Field(strict=True, ge=1)]] = None
    expected_quantity: Optional[Annotated[int, Field(strict=True, ge=0, le=MAX_QUANTITY)]] = None


class PayIn(Schema):
    method: Literal["card", "invoice"]
    net_days: Optional[Literal[15, 30, 60]] = None


@router.get("/{deal_id}", response={200: dict, **ERRORS}, summary="The room as the caller's role may see it")
def deal_get(request: HttpRequest, deal_id: str):
    return selectors.room(deal_id=deal_id, user_id=current_user_id(request)).as_dict()


@router.get("/{deal_id}/members", response={200: list[dict], **ERRORS})
def deal_members(request: HttpRequest, deal_id: str):
    return selectors.room(deal_id=deal_id, user_id=current_user_id(request)).as_dict()["members"]


@router.get("/{deal_id}/events", response={200: dict, **ERRORS},
            summary="The deal's events after a sequence number (the polling fallback of the live room)")
def deal_events(request: HttpRequest, deal_id: str, after: int = 0, limit: int = 100):
    events = selectors.events_after(deal_id=deal_id, user_id=current_user_id(request), after=after, limit=limit)
    return {"events": events, "last_seq": events[-1]["seq"] if events else after}


@router.post("/{deal_id}/approvals", response={200: dict, **ERRORS})
def deal_approve(request: HttpRequest, deal_id: str, payload: ApprovalIn):
    check_csrf(request)
    approvals.approval_give(deal_id=deal_id, user_id=current_user_id(request) or "", quote_version=payload.quote_version)
    return selectors.room(deal_id=deal_id, user_id=current_user_id(request)).as_dict()


@router.put("/{deal_id}/quote/lines/{sku}", response={200: dict, **ERRORS})
def deal_quote_line(request: HttpRequest, deal_id: str, sku: str, payload: QuoteLineIn):
    check_csrf(request)
    quote.quote_line_set(deal_id=deal_id, user_id=current_user_id(request) or "", sku=sku,
                         quantity=payload.quantity, expected_version=payload.expected_version,
                         expected_quantity=payload.expected_quantity)
    return selectors.room(deal_id=deal_id, user_id=current_user_id(request)).as_dict()


@router.post("/{deal_id}/pay", response={200: dict, 502: ErrorOut, **ERRORS},
             summary="The economic buyer pays the approved quote: by card, or by invoice with net terms")
def deal_pay(request: HttpRequest, deal_id: str, payload: PayIn):
    check_csrf(request)
    user_id = current_user_id(request) or ""
    room_url = request.build_absolute_uri(reverse("dealroom:room", args=[deal_id]))
    if payload.method == "card":
        order = pay.deal_pay_by_card(deal_id=deal_id, user_id=user_id, success_url=room_url + "?paid=1",
                                     cancel_url=room_url)
        return {"order_id": order.id, "redirect_url": order.payment.checkout_url}
    order = pay.deal_pay_by_invoice(deal_id=deal_id, user_id=user_id, net_days=payload.net_days or 30)
    return {"order_id": order.id, "redirect_url": order.payment.invoice_url}
