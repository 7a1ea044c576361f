"""The ONLY module that imports stripe. Every write carries an idempotency key derived from Quorum's own
ids; StripeError becomes a Quorum error; the API version is pinned. Imports are lazy (cold start)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Optional

from django.conf import settings

from commerce.domain.orders import Order
from commerce.errors import BadRequest, DependencyFailed, DependencyUnavailable, InvalidInput

API_VERSION = "2026-10-28.endive"  # the version the SDK (stripe 16.1) speaks; webhooks arrive in it too
NETWORK_RETRIES = 1  # with short timeouts: a request never waits on Stripe for minutes


class PaymentProviderError(DependencyFailed):
    """Stripe refused the request. `detail` is safe to show; `stripe_code` says why."""

    code = "payment_provider_error"


class PaymentProviderUnavailable(DependencyUnavailable):
    """Stripe cannot be reached right now (or did not answer in time): try again shortly."""

    code = "payment_provider_unavailable"


class InvalidSignature(BadRequest):
    """The webhook delivery's Stripe-Signature is missing, wrong or out of its time window."""

    code = "invalid_signature"


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str
    status: str


@dataclass(frozen=True)
class Invoice:
    id: str
    hosted_url: str
    status: str
    due_date: Optional[int]


@functools.lru_cache(maxsize=8)
def _client(api_key: str, api_base: str, timeout: float, retries: int):
    import stripe

    options: dict[str, Any] = {"stripe_version": API_VERSION, "max_network_retries": retries,
                               "http_client": stripe.RequestsClient(timeout=(min(2.0, timeout), timeout))}
    if api_base:
        options["base_addresses"] = {"api": api_base}
    return stripe.StripeClient(api_key, **options)


def client(*, timeout: Optional[float] = None, retries: int = NETWORK_RETRIES):
    """The SDK client; every call times out after STRIPE_TIMEOUT_SECONDS (or `timeout`)."""
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentProviderUnavailable("payments are not configured (STRIPE_SECRET_KEY is empty)")
    return _client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE, timeout or settings.STRIPE_TIMEOUT_SECONDS,
                   retries)


def _call(fn, *args, **kwargs):
    import stripe

    try:
        return fn(*args, **kwargs)
    except stripe.InvalidRequestError as exc:
        raise PaymentProviderError(f"Stripe refused the request: {exc.user_message or exc}",
                                   stripe_code=exc.code) from exc
    except stripe.CardError as exc:
        raise PaymentProviderError(f"the card was refused: {exc.user_message or exc}",
                                   stripe_code=exc.code) from exc
    except stripe.StripeError as exc:
        raise PaymentProviderUnavailable(f"Stripe is unavailable right now ({type(exc).__name__}); try again shortly",
                                         stripe_code=getattr(exc, "code", None)) from exc


def checkout_session_create(*, order: Order, success_url: str, cancel_url: str,
                            customer_id: Optional[str] = None) -> CheckoutSession:
    """Payment mode for one-off orders, subscription mode when any line recurs. Expires with the stock hold."""
    line_items = []
    for line in order.lines:
        price_data: dict[str, Any] = {"currency": order.currency, "unit_amount": line.unit_price.amount,
                                      "product_data": {"name": line.name, "metadata": {"sku": line.sku}}}
        if line.recurring_interval:
            price_data["recurring"] = {"interval": line.recurring_interval}
        line_items.append({"price_data": price_data, "quantity": line.quantity})
    mode = "subscription" if order.recurring else "payment"
    params: dict[str, Any] = {
        "mode": mode, "line_items": line_items, "success_url": success_url, "cancel_url": cancel_url,
        "client_reference_id": order.id, "metadata": {"order_id": order.id}, "expires_at": order.hold_until,
    }
    if mode == "payment":
        params["payment_intent_data"] = {"metadata": {"order_id": order.id}}
    else:
        params["subscription_data"] = {"metadata": {"order_id": order.id}}
    if customer_id:
        params["customer"] = customer_id
    session = _call(client().v1.checkout.sessions.create, params=params,
                    options={"idempotency_key": f"quorum-checkout-{order.id}"})
    return CheckoutSession(id=session.id, url=session.url, status=session.status)


def checkout_session_expire(*, session_id: str) -> str:
    """Expire an open session; returns the session's status afterwards ('expired' or 'complete')."""
    import stripe

    try:
        return client().v1.checkout.sessions.expire(session_id).status
    except stripe.InvalidRequestError:
        return _call(client().v1.checkout.sessions.retrieve, session_id).status
    except stripe.StripeError as exc:
        raise PaymentProviderUnavailable(f"Stripe is unavailable right now ({type(exc).__name__})") from exc


def customer_create(*, account_id: str, name: str, email: str) -> str:
    customer = _call(client().v1.customers.create,
                     params={"name": name, "email": email, "metadata": {"account_id": account_id}},
                     options={"idempotency_key": f"quorum-customer-{account_id}"})
    return customer.id


CARD_DETAILS = ("brand", "last4", "exp_month", "exp_year", "country", "funding")  # never the number or fingerprint


def customer_export(*, customer_id: str) -> dict[str, Any]:
    """What Stripe holds about a customer, for a data subject's export: the customer's own fields and its
    payment methods' non-sensitive details (brand, last 4 digits, expiry). A deleted one says so."""
    api = client().v1
    customer = _call(api.customers.retrieve, customer_id).to_dict()
    if customer.get("deleted"):
        return {"id": customer_id, "deleted": True}
    methods = _call(api.customers.payment_methods.list, customer_id, params={"limit": 100})
    return {
        "id": customer["id"], "email": customer.get("email"), "name": customer.get("name"),
        "phone": customer.get("phone"), "address": customer.get("address"), "created": customer.get("created"),
        "metadata": customer.get("metadata") or {},
        "payment_methods": [{"id": pm.id, "type": pm.type, "created": pm.created,
                             "card": {k: (pm.card.to_dict() if pm.card else {}).get(k) for k in CARD_DETAILS}
                             if pm.type == "card" else None} for pm in methods.data],
    }


def customer_delete(*, customer_id: str) -> str:
    """Delete a customer (`DELETE /v1/customers/{id}`; Stripe keeps a `deleted: true` stub and cancels its
    subscriptions). Idempotent: a customer already deleted, or unknown, is reported as such."""
    import stripe

    try:
        client().v1.customers.delete(customer_id)
        return "deleted"
    except stripe.InvalidRequestError as exc:
        if exc.code != "resource_missing":
            raise PaymentProviderError(f"Stripe refused the request: {exc.user_message or exc}",
                                       stripe_code=exc.code) from exc
    except stripe.StripeError as exc:
        raise PaymentProviderUnavailable(f"Stripe is unavailable right now ({type(exc).__name__})") from exc
    return "already deleted" if customer_deleted(customer_id=customer_id) else "unknown"


def customer_deleted(*, customer_id: str) -> bool:
    """True when Stripe answers the customer's stub (`deleted: true`) or does not know it."""
    import stripe

    try:
        return bool(client().v1.customers.retrieve(customer_id).to_dict().get("deleted"))
    except stripe.InvalidRequestError as exc:
        if exc.code == "resource_missing":
            return True
        raise PaymentProviderError(f"Stripe refused the request: {exc.user_message or exc}",
                                   stripe_code=exc.code) from exc


CUSTOMER_FIELDS = ("email", "name", "description", "phone", "address", "shipping", "metadata")


def customers_mentioning(*, needle: str) -> tuple[int, list[dict[str, Any]]]:
    """Every live customer (the whole list, paged) whose fields or metadata contain `needle`, case-insensitive:
    (customers read, [{"id", "fields"}]). Deleted customers are not listed by Stripe."""
    import json

    needle, read, found = needle.lower(), 0, []
    for customer in _call(client().v1.customers.list, params={"limit": 100}).auto_paging_iter():
        read += 1
        raw = customer.to_dict()
        fields = [f for f in CUSTOMER_FIELDS if needle in json.dumps(raw.get(f), default=str).lower()]
        if fields:
            found.append({"id": raw["id"], "fields": fields})
    return read, found


def invoice_send_for_order(*, order: Order, customer_id: str, days_until_due: int) -> Invoice:
    """An invoice with net terms built from the order's lines at the order's prices, finalized and sent."""
    if days_until_due not in (15, 30, 60):
        raise InvalidInput("net terms are 15, 30 or 60 days")
    api = client().v1
    invoice = _call(api.invoices.create, params={
        "customer": customer_id, "collection_method": "send_invoice", "days_until_due": days_until_due,
        "currency": order.currency, "metadata": {"order_id": order.id}, "pending_invoice_items_behavior": "exclude",
        "description": f"Quorum order {order.id}",
    }, options={"idempotency_key": f"quorum-invoice-{order.id}"})
    for index, line in enumerate(order.lines):
        _call(api.invoice_items.create, params={
            "customer": customer_id, "invoice": invoice.id, "currency": order.currency,
            "amount": line.line_total.amount, "description": f"{line.name} × {line.quantity}",
            "metadata": {"order_id": order.id, "sku": line.sku},
        }, options={"idempotency_key": f"quorum-invoice-{order.id}-line-{index}"})
    if invoice.status == "draft":
        invoice = _call(api.invoices.finalize_invoice, invoice.id,
                        options={"idempotency_key": f"quorum-invoice-{order.id}-finalize"})
    invoice = _call(api.invoices.send_invoice, invoice.id,
                    options={"idempotency_key": f"quorum-invoice-{order.id}-send"})
    return Invoice(id=invoice.id, hosted_url=invoice.hosted_invoice_url, status=invoice.status,
                   due_date=invoice.due_date)


def refund_create(*, payment_intent_id: str, amount: int, order_id: str, refund_number: int) -> str:
    refund = _call(client().v1.refunds.create,
                   params={"payment_intent": payment_intent_id, "amount": amount,
                           "metadata": {"order_id": order_id}},
                   options={"idempotency_key": f"quorum-refund-{order_id}-{refund_number}"})
    return refund.id


def subscription_retrieve(*, subscription_id: str) -> dict:
    """The subscription as Stripe has it now: webhooks arrive late, twice or out of order, so a handler records
    this rather than the event's snapshot."""
    return _call(client().v1.subscriptions.retrieve, subscription_id).to_dict()


SIGNATURE_TOLERANCE = 300  # seconds either side of now (Stripe's own default, applied to the future too)


def event_verify(*, payload: bytes, signature: Optional[str]) -> Any:
    """Check Stripe's signature and that its timestamp is within the tolerance of now (in the past, as the
    SDK does, and in the future); return the payload parsed (None when a signed payload is not JSON)."""
    import json
    import time

    import stripe

    if not signature:
        raise InvalidSignature("missing Stripe-Signature header")
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise InvalidSignature("webhooks are not configured (STRIPE_WEBHOOK_SECRET is empty)")
    try:
        stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature, settings.STRIPE_WEBHOOK_SECRET,
                                              tolerance=SIGNATURE_TOLERANCE)
    except (stripe.SignatureVerificationError, UnicodeDecodeError):
        raise InvalidSignature("the signature does not match this payload and secret") from None
    stamps = [part[2:] for part in signature.split(",") if part.startswith("t=")]
    if not stamps or not stamps[0].isdigit() or int(stamps[0]) > time.time() + SIGNATURE_TOLERANCE:
        raise InvalidSignature("the signature's timestamp is in the future")
    try:
        return json.loads(payload)
    except ValueError:
        return None


def probe(timeout: float) -> str:
    """/healthz: the Stripe API answers an authenticated request within `timeout`, without retries."""
    _call(client(timeout=timeout, retries=0).v1.events.list, params={"limit": 1})
    return "ok"
