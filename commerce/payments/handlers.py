"""What each Stripe event does to Quorum. Handlers are idempotent and only move orders forward, so a
duplicate or late event changes nothing. Each returns a short outcome recorded on the stored event."""
from __future__ import annotations

from collections.abc import Callable
from typing import Optional

from commerce.domain.webhooks import Subscription, order_id_of
from commerce.errors import NotFound
from commerce.payments import stripe_gateway
from commerce.persistence.uow import apply
from commerce.services import orders, payments, payouts, selectors

Handler = Callable[[dict], str]
HANDLERS: dict[str, Handler] = {}


def on(*types: str):
    def register(fn: Handler) -> Handler:
        for event_type in types:
            HANDLERS[event_type] = fn
        return fn
    return register


def handle(event: dict) -> str:
    handler = HANDLERS.get(event["type"])
    if handler is None:
        return "stored (no handler for this type)"
    try:
        return handler(event["data"]["object"])
    except NotFound as exc:
        return f"ignored: {exc.detail}"  # not an order of this deployment (another environment, say)


def _order_id(obj: dict) -> Optional[str]:
    return order_id_of(obj)


def _require_order(obj: dict) -> str:
    order_id = _order_id(obj)
    if not order_id:
        raise NotFound(f"{obj.get('object')} {obj.get('id')} names no Quorum order")
    selectors.order_get(order_id=order_id)
    return order_id


@on("checkout.session.completed", "checkout.session.async_payment_succeeded")
def _session_paid(session: dict) -> str:
    order_id = _require_order(session)
    if session.get("payment_status") not in ("paid", "no_payment_required"):
        return "awaiting asynchronous payment"
    outcome = payments.order_paid(order_id=order_id, payment_intent_id=session.get("payment_intent"),
                                  subscription_id=session.get("subscription"))
    return _with_payouts(order_id, outcome)


def _with_payouts(order_id: str, outcome: str) -> str:
    """A paid order's vendors are paid right after (every time: a retry finishes what a failure left)."""
    vendors = payouts.order_payouts_settle(order_id=order_id)
    return f"{outcome}; {vendors}" if vendors else outcome


@on("checkout.session.async_payment_failed")
def _session_async_failed(session: dict) -> str:
    order_id = _require_order(session)
    payments.order_payment_failed(order_id=order_id, message="the payment did not go through")
    return orders.order_expire_session_closed(order_id=order_id).status


@on("checkout.session.expired")
def _session_expired(session: dict) -> str:
    return orders.order_expire_session_closed(order_id=_require_order(session)).status


@on("payment_intent.payment_failed")
def _intent_failed(intent: dict) -> str:
    error = (intent.get("last_payment_error") or {}).get("message") or "the card was declined"
    return payments.order_payment_failed(order_id=_require_order(intent), message=error)


@on("invoice.finalized")
def _invoice_finalized(invoice: dict) -> str:
    _require_order(invoice)
    return "noted (invoice open)"


@on("invoice.paid")
def _invoice_paid(invoice: dict) -> str:
    parent = (invoice.get("parent") or {}).get("subscription_details") or {}
    if parent.get("subscription") and not _order_id(invoice):
        return "subscription renewal paid"
    order_id = _require_order(invoice)
    return _with_payouts(order_id, payments.order_paid(order_id=order_id))


@on("invoice.payment_failed")
def _invoice_failed(invoice: dict) -> str:
    return payments.order_payment_failed(order_id=_require_order(invoice), message="the invoice payment failed")


@on("invoice.voided")
def _invoice_voided(invoice: dict) -> str:
    order_id = _require_order(invoice)
    order = selectors.order_get(order_id=order_id)
    if order.status != "pending_payment":
        return f"no change (order {order.status})"
    return orders.order_cancel(order_id=order_id).status


@on("charge.refunded")
def _charge_refunded(charge: dict) -> str:
    return payments.order_refunded(order_id=_require_order(charge), amount_refunded=int(charge["amount_refunded"]))


@on("customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted")
def _subscription(subscription: dict) -> str:
    # Events of one subscription arrive in any order (created/incomplete after updated/active): record its
    # current state, not the event's snapshot.
    return subscription_record(stripe_gateway.subscription_retrieve(subscription_id=subscription["id"]))


def subscription_record(subscription: dict) -> str:
    """Keep our copy of a subscription: status and current period (from its first item, as the API now
    places them). A canceled subscription is terminal: later (or late) events never revive it."""
    item = ((subscription.get("items") or {}).get("data") or [{}])[0]
    record = Subscription(
        subscription_id=subscription["id"], status=subscription["status"], customer_id=subscription.get("customer"),
        order_id=_order_id(subscription), current_period_start=item.get("current_period_start"),
        current_period_end=item.get("current_period_end"),
        cancel_at_period_end=bool(subscription.get("cancel_at_period_end")),
        stripe_event_created=int(subscription.get("canceled_at") or subscription.get("created") or 0),
    )
    if not apply(lambda u: u.billing.record_subscription(record), refused=lambda exc: bool(exc.failed("subscription"))):
        return "no change (subscription already canceled)"
    return f"subscription {subscription['status']}"


from commerce.payments import connect_handlers  # noqa: E402, F401  (registers the Connect events' handlers)
