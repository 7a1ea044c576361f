"""What each member may see, enforced on the server for pages, API answers and (later) websocket frames.

Buyers see prices only if the deal's policy lets their role; MEDDPICC, internal notes and the health
score never reach buyers. Pure functions over domain objects."""
from __future__ import annotations

from typing import Any, Optional

from commerce.domain.cart import Cart
from commerce.domain.money import Money
from commerce.domain.orders import Order
from dealroom.domain.deals import ROLE_LABELS, Deal, Member

PRICE_KEYS = frozenset({"unit_price", "list_price", "line_total", "total", "expected_value", "amount"})


def strip_prices(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_prices(v) for k, v in value.items() if k not in PRICE_KEYS}
    if isinstance(value, list):
        return [strip_prices(v) for v in value]
    return value


def quote_out(deal: Deal, cart: Cart, role: str, available: Optional[dict] = None) -> dict:
    prices = deal.can_see_prices(role)
    lines, total = [], Money.zero(cart.currency)
    for line in cart.lines:
        out = {"sku": line.sku, "name": line.name, "quantity": line.quantity}
        if available is not None:
            out["available"] = available.get(line.sku, 0)
        unit = deal.pricing.unit_price(line.sku, line.unit_price)
        total = total + unit * line.quantity
        if prices:
            out.update(unit_price=unit.as_dict(), list_price=line.unit_price.as_dict(),
                       line_total=(unit * line.quantity).as_dict())
        lines.append(out)
    quote = {"cart_id": cart.id, "version": cart.version, "status": cart.status, "currency": cart.currency,
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


def deal_out(deal: Deal, cart: Cart, member: Member, members: list[Member], order: Optional[Order],
             available: Optional[dict] = None) -> dict:
    """The room as one member sees it."""
    role = member.role
    body = {
        "id": deal.id, "account_name": deal.account_name, "stage": deal.stage, "currency": deal.currency,
        "last_event_seq": deal.last_event_seq,
        "you": {**member_out(member), "can_edit": deal.can_edit(role), "can_see_prices": deal.can_see_prices(role),
                "can_approve": role in deal.required_roles, "can_pay": role == "economic_buyer"},
        "quote": quote_out(deal, cart, role, available),
        "approvals": approvals_out(deal, cart.version),
        "members": [member_out(m) for m in sorted(members, key=lambda m: m.joined_at)],
        "order": None,
    }
    if order is not None:
        body["order"] = {"id": order.id, "status": order.status, "checkout_url": order.payment.checkout_url,
                         "invoice_url": order.payment.invoice_url}
        if deal.can_see_prices(role):
            body["order"]["total"] = order.total.as_dict()
    return body


def event_out(event: dict, deal: Deal, role: str) -> dict:
    return event if deal.can_see_prices(role) else strip_prices(event)
