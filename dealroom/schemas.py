"""Deal-room API shapes. Output models forbid extra fields, so anything the room hands a member beyond
what is declared here fails validation (and the generated-case tests' schema check) instead of leaking."""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from ninja import Schema
from pydantic import ConfigDict, Field

from commerce.domain.cart import MAX_QUANTITY
from commerce.schemas import MoneyOut


class Out(Schema):
    model_config = ConfigDict(extra="forbid")


class YouOut(Out):
    user_id: str
    name: str
    role: str
    role_label: str
    joined_at: int
    last_seen_at: int
    can_edit: bool
    can_see_prices: bool
    can_approve: bool
    can_pay: bool


class MemberOut(Out):
    user_id: str
    name: str
    role: str
    role_label: str
    joined_at: int
    last_seen_at: int


class QuoteLineOut(Out):
    sku: str
    name: str
    quantity: int
    available: Optional[int] = None
    unit_price: Optional[MoneyOut] = None
    list_price: Optional[MoneyOut] = None
    line_total: Optional[MoneyOut] = None


class QuoteOut(Out):
    version: int
    status: str
    currency: str
    prices_visible: bool
    lines: list[QuoteLineOut]
    total: Optional[MoneyOut] = None


class RequiredApprovalOut(Out):
    role: str
    role_label: str
    approved: bool
    by: Optional[str] = None
    at: Optional[int] = None


class ApprovalsOut(Out):
    required: list[RequiredApprovalOut]
    ready: bool
    quote_version: int


class DealOrderOut(Out):
    """Every member sees the status; the rest only roles that may see the order."""

    status: str
    id: Optional[str] = None
    checkout_url: Optional[str] = None
    invoice_url: Optional[str] = None
    total: Optional[MoneyOut] = None


class RoomOut(Out):
    id: str
    account_name: str
    stage: str
    currency: str
    last_event_seq: int
    you: YouOut
    quote: QuoteOut
    approvals: ApprovalsOut
    members: list[MemberOut]
    order: Optional[DealOrderOut] = None


class EventOut(Out):
    deal_id: str
    seq: int
    type: str
    label: str
    actor: str
    at: int
    summary: str
    payload: dict[str, Any]


class EventsOut(Out):
    events: list[EventOut]
    last_seq: int


class PayOut(Out):
    order_id: str
    redirect_url: Optional[str] = None


class ApprovalIn(Schema):
    quote_version: Annotated[int, Field(strict=True, ge=1)]


class QuoteLineIn(Schema):
    quantity: Annotated[int, Field(strict=True, ge=0, le=MAX_QUANTITY)]
    expected_version: Optional[Annotated[int, Field(strict=True, ge=1)]] = None
    expected_quantity: Optional[Annotated[int, Field(strict=True, ge=0, le=MAX_QUANTITY)]] = None


class PayIn(Schema):
    method: Literal["card", "invoice"]
    net_days: Optional[Literal[15, 30, 60]] = None
