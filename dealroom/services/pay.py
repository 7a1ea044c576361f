"""Paying for a ready quote: the economic buyer pays by card (Stripe Checkout) or asks for an invoice
with net terms (Stripe Billing), at the deal's negotiated prices, for exactly the approved version.

The checkout (order, reservations, quote locked) and the deal's `order.created` event with its order_id
are ONE transaction: a crash or a concurrent change between them cannot leave a checked-out quote that
the deal does not know. If the payment then fails to open at Stripe, the order is canceled, which gives
the quote back (approvals intact); the next attempt starts a new order."""
from __future__ import annotations

from commerce.domain.orders import PENDING_PAYMENT, Order
from commerce.errors import Conflict, InvalidInput, NotAllowed
from commerce.persistence.transaction import TransactionCanceled
from commerce.services import payments
from commerce.services.checkout import checkout_explain, checkout_plan, with_lapsed_released
from dealroom.domain.deals import Deal, DealChange, Member, require_member
from dealroom.domain.events import OrderCreated
from dealroom.persistence.uow import DealUnitOfWork
from dealroom.services.invites import member_get
from dealroom.services.log import deal_change, deal_read

LIVE = (PENDING_PAYMENT, "paid", "fulfilled", "partially_refunded", "refunded")  # an order that still stands


def billing_account(deal_id: str) -> str:
    """The billing account (and so the Stripe Customer) a deal's invoices go to."""
    return f"deal-{deal_id}"


class NotReady(Conflict):
    """Some required roles have not approved the current quote version yet."""

    code = "approvals_missing"


class _Existing(Exception):
    def __init__(self, order: Order) -> None:
        self.order = order


def deal_order(*, deal_id: str, user_id: str) -> tuple[Deal, Member, Order]:
    """The deal's standing order, or a new one checked out from the approved quote."""
    member = require_member(member_get(deal_id=deal_id, user_id=user_id))
    if member.role != "economic_buyer":
        raise NotAllowed("only the economic buyer can pay for the quote")
    planned: dict[str, Order] = {}

    def plan(u: DealUnitOfWork, deal: Deal, change: DealChange) -> OrderCreated:
        if deal.order_id:
            current = u.orders.get(deal.order_id)
            if current is not None and current.status in LIVE:
                raise _Existing(current)  # canceled or expired orders are replaced by a new one
        cart = u.carts.get(deal.cart_id)
        if cart is None:
            raise InvalidInput("this deal's quote is missing")
        missing = deal.missing_approvals(cart.version)
        if missing:
            raise NotReady("the quote still needs approval from: " + ", ".join(m.replace("_", " ") for m in missing),
                           missing=missing)
        order = checkout_plan(u, cart=cart, customer_id=f"deal:{deal.id}", deal_id=deal.id,
                              unit_price=deal.pricing.unit_price, expected_version=cart.version)
        planned["order"] = order
        change.order_id = order.id
        return OrderCreated(quote_version=cart.version, by=member.name or member.email, order_id=order.id,
                            total=order.total.as_dict())

    def refused(exc: TransactionCanceled) -> None:
        order = planned["order"]
        checkout_explain(exc, order=order, cart_id=order.cart_id or "")  # a moved quote: plan again

    def pay() -> Order:
        deal_change(deal_id=deal_id, plan=plan, actor=member.name or member.email, actor_user_id=user_id,
                    refused=refused)
        return planned["order"]

    try:
        order = with_lapsed_released(pay)
    except _Existing as existing:
        order = existing.order
    return deal_read(deal_id), member, order


def deal_pay_by_card(*, deal_id: str, user_id: str, success_url: str, cancel_url: str) -> Order:
    deal, member, order = deal_order(deal_id=deal_id, user_id=user_id)
    return payments.order_checkout_session(order_id=order.id, success_url=success_url, cancel_url=cancel_url)


def deal_pay_by_invoice(*, deal_id: str, user_id: str, net_days: int) -> Order:
    if net_days not in (15, 30, 60):
        raise InvalidInput("net terms are 15, 30 or 60 days")
    deal, member, order = deal_order(deal_id=deal_id, user_id=user_id)
    return payments.order_invoice(order_id=order.id, account_id=billing_account(deal.id), name=deal.account_name,
                                  email=member.email, net_days=net_days)
