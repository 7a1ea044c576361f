"""Paying for a ready quote: the economic buyer pays by card (Stripe Checkout) or asks for an invoice
with net terms (Stripe Billing), at the deal's negotiated prices, for exactly the approved version."""
from __future__ import annotations

from commerce.domain.orders import Order
from commerce.errors import Conflict, InvalidInput
from commerce.services import checkout, payments, selectors
from dealroom.domain.deals import NotAllowed, require_member
from dealroom.persistence import DealItem
from dealroom.services.invites import member_get
from dealroom.services.log import commit_with_event, deal_read


class NotReady(Conflict):
    code = "approvals_missing"


def _start(deal_id: str, user_id: str):
    member = require_member(member_get(deal_id=deal_id, user_id=user_id))
    if member.role != "economic_buyer":
        raise NotAllowed("only the economic buyer can pay for the quote")
    deal = deal_read(deal_id)
    if deal.order_id:
        return deal, member, selectors.order_get(order_id=deal.order_id)
    cart = selectors.cart_get(cart_id=deal.cart_id)
    missing = deal.missing_approvals(cart.version)
    if missing:
        raise NotReady("the quote still needs approval from: " + ", ".join(m.replace("_", " ") for m in missing),
                       missing=missing)
    order = checkout.checkout_start(cart_id=deal.cart_id, customer_id=f"deal:{deal.id}",
                                    unit_price=deal.pricing.unit_price, expected_version=cart.version)

    def build(current, tx):
        return {"type": "order.created", "actor": member.name or member.email,
                "payload": {"order_id": order.id, "quote_version": cart.version, "total": order.total.as_dict()}}

    commit_with_event(deal_id=deal_id, build=build, actor_user_id=user_id,
                      deal_actions=lambda current: [DealItem.order_id.set(order.id)])
    return deal, member, order


def deal_pay_by_card(*, deal_id: str, user_id: str, success_url: str, cancel_url: str) -> Order:
    deal, member, order = _start(deal_id, user_id)
    return payments.order_checkout_session(order_id=order.id, success_url=success_url, cancel_url=cancel_url)


def deal_pay_by_invoice(*, deal_id: str, user_id: str, net_days: int) -> Order:
    if net_days not in (15, 30, 60):
        raise InvalidInput("net terms are 15, 30 or 60 days")
    deal, member, order = _start(deal_id, user_id)
    return payments.order_invoice(order_id=order.id, account_id=f"deal-{deal.id}", name=deal.account_name,
                                  email=member.email, net_days=net_days)
