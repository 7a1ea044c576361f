"""What each member may see, enforced on the server for pages, API answers and websocket frames.

A member's audience is `prices` when the deal's policy lets their role see prices, else `members`; staff
see everything. Events redact themselves by audience (dealroom.domain.events); the room's own data is
shaped here. MEDDPICC, internal notes, health, score and staff-only event fields never reach buyers."""
from __future__ import annotations

from typing import Any, Optional

from commerce.domain.cart import Cart
from commerce.domain.events import MEMBERS, PRICES, STAFF, registry
from commerce.domain.money import Money
from commerce.domain.orders import Order
from dealroom.domain.deals import ROLE_LABELS, Deal, Member
from dealroom.domain.events import Committed


def audience_of(deal: Deal, role: str) -> str:
    return PRICES if deal.can_see_prices(role) else MEMBERS


def may_see_order(deal: Deal, role: str) -> bool:
    """The deal's order (its id, amounts, payment pages) is for roles that see prices and for the payer."""
    return deal.can_see_prices(role) or role == "economic_buyer"


def quote_out(deal: Deal, cart: Cart, role: str, available: Optional[dict] = None) -> dict:
    prices = deal.can_see_prices(role)
    lines, total = [], Money.zero(cart.currency)
    for line in cart.lines:
        out: dict[str, Any] = {"sku": line.sku, "name": line.name, "quantity": line.quantity}
        if available is not None:
            out["available"] = available.get(line.sku, 0)
        unit = deal.pricing.unit_price(line.sku, line.unit_price)
        total = total + unit * line.quantity
        if prices:
            out.update(unit_price=unit.as_dict(), list_price=line.unit_price.as_dict(),
                       line_total=(unit * line.quantity).as_dict())
        lines.append(out)
    quote: dict[str, Any] = {"version": cart.version, "status": cart.status, "currency": cart.currency,
                             "lines": lines, "prices_visible": prices}
    if prices:
        quote["total"] = total.as_dict()
    return quote


def approvals_out(deal: Deal, quote_version: int) -> dict:
    current = deal.approvals_for(quote_version)
    return {
        "required": [{"role": r, "role_label": ROLE_LABELS[r], "approved": r in current,
                      "by": current[r]["name"] if r in current else None,
                      "at": current[r]["at"] if r in current else None} for r in deal.required_roles],
        "ready": deal.ready(quote_version),
        "quote_version": quote_version,
    }


def member_out(member: Member) -> dict:
    return {"user_id": member.user_id, "name": member.name or member.email, "role": member.role,
            "role_label": ROLE_LABELS[member.role], "joined_at": member.joined_at, "last_seen_at": member.last_seen_at}


def order_out(deal: Deal, order: Order, role: str) -> dict:
    """Every member sees the payment's status; the order itself only roles that may see it."""
    body: dict[str, Any] = {"status": order.status}
    if may_see_order(deal, role):
        body.update(id=order.id, checkout_url=order.payment.checkout_url, invoice_url=order.payment.invoice_url,
                    total=order.total.as_dict())
    return body


def deal_out(deal: Deal, cart: Cart, member: Member, members: list[Member], order: Optional[Order],
             available: Optional[dict] = None) -> dict:
    """The room as one member sees it."""
    role = member.role
    return {
        "id": deal.id, "account_name": deal.account_name, "stage": deal.stage, "currency": deal.currency,
        "last_event_seq": deal.last_event_seq,
        "you": {**member_out(member), "can_edit": deal.can_edit(role), "can_see_prices": deal.can_see_prices(role),
                "can_approve": role in deal.required_roles, "can_pay": role == "economic_buyer"},
        "quote": quote_out(deal, cart, role, available),
        "approvals": approvals_out(deal, cart.version),
        "members": [member_out(m) for m in sorted(members, key=lambda m: m.joined_at)],
        "order": order_out(deal, order, role) if order is not None else None,
    }


def event_out(event: Committed, deal: Deal, role: str) -> dict:
    return event.as_dict(audience_of(deal, role))


def member_event_labels() -> dict[str, str]:
    """Labels of the event types a member may receive (a staff-only type, such as deal.scored, is never named)."""
    return {name: cls.LABEL for name, cls in registry().items()
            if any(audience != STAFF for audience in cls.audiences().values())}
