"""The ONLY module that imports stripe. Every write carries an idempotency key derived from Quorum's own
ids; StripeError becomes a Quorum error; the API version is pinned. Imports are lazy (cold start)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Optional

from django.conf import settings

from commerce.domain import payouts
from commerce.domain.orders import Order
from commerce.errors import BadRequest, DependencyFailed, DependencyUnavailable, InvalidInput
from config.observability import tracing

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


def _operation(fn) -> str:
    """`checkout.session.create` from the SDK's bound service method (for traces)."""
    parts = type(getattr(fn, "__self__", None)).__module__.split(".")[1:]  # stripe.checkout._session_service
    return ".".join([*(p.lstrip("_").removesuffix("_service") for p in parts), fn.__name__])


def call(fn, *args, **kwargs):
    """Every Stripe request: a `remote` trace subsegment, and StripeError as Quorum's own error."""
    with tracing.span("Stripe", namespace="remote", stripe_operation=_operation(fn)):
        return _mapped(fn, *args, **kwargs)


def _mapped(fn, *args, **kwargs):
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
        params["payment_intent_data"] = {"metadata": {"order_id": order.id}, **_connect_charge(order)}
    else:
        params["subscription_data"] = {"metadata": {"order_id": order.id}}
    if customer_id:
        params["customer"] = customer_id
    session = call(client().v1.checkout.sessions.create, params=params,
                    options={"idempotency_key": f"quorum-checkout-{order.id}"})
    return CheckoutSession(id=session.id, url=session.url, status=session.status)


def _connect_charge(order: Order) -> dict[str, Any]:
    """A marketplace order's charge: a destination charge for one vendor (its fee as application fee), or a
    separate charge whose transfers follow payment, grouped by the order (commerce/domain/payouts.py)."""
    kind = payouts.charge_kind(order)
    if kind == payouts.PLATFORM:
        return {}
    params: dict[str, Any] = {"transfer_group": payouts.transfer_group(order.id)}
    if kind == payouts.DESTINATION:
        (share,) = payouts.shares(order)
        params["transfer_data"] = {"destination": share.account_id}
        if share.fee:
            params["application_fee_amount"] = share.fee
    return params


def checkout_session_expire(*, session_id: str) -> str:
    """Expire an open session; returns the session's status afterwards ('expired' or 'complete')."""
    import stripe

    try:
        with tracing.span("Stripe", namespace="remote", stripe_operation="checkout.session.expire"):
            return client().v1.checkout.sessions.expire(session_id).status
    except stripe.InvalidRequestError:
        return call(client().v1.checkout.sessions.retrieve, session_id).status
    except stripe.StripeError as exc:
        raise PaymentProviderUnavailable(f"Stripe is unavailable right now ({type(exc).__name__})") from exc


def customer_create(*, account_id: str, name: str, email: str) -> str:
    customer = call(client().v1.customers.create,
                     params={"name": name, "email": email, "metadata": {"account_id": account_id}},
                     options={"idempotency_key": f"quorum-customer-{account_id}"})
    return customer.id


def invoice_send_for_order(*, order: Order, customer_id: str, days_until_due: int) -> Invoice:
    """An invoice with net terms built from the order's lines at the order's prices, finalized and sent."""
    if days_until_due not in (15, 30, 60):
        raise InvalidInput("net terms are 15, 30 or 60 days")
    api = client().v1
    connect = _connect_charge(order)
    connect.pop("transfer_group", None)  # an invoice has none; a separate charge's transfers name the order
    invoice = call(api.invoices.create, params={
        "customer": customer_id, "collection_method": "send_invoice", "days_until_due": days_until_due,
        "currency": order.currency, "metadata": {"order_id": order.id}, "pending_invoice_items_behavior": "exclude",
        "description": f"Quorum order {order.id}", **connect,
    }, options={"idempotency_key": f"quorum-invoice-{order.id}"})
    for index, line in enumerate(order.lines):
        call(api.invoice_items.create, params={
            "customer": customer_id, "invoice": invoice.id, "currency": order.currency,
            "amount": line.line_total.amount, "description": f"{line.name} × {line.quantity}",
            "metadata": {"order_id": order.id, "sku": line.sku},
        }, options={"idempotency_key": f"quorum-invoice-{order.id}-line-{index}"})
    if invoice.status == "draft":
        invoice = call(api.invoices.finalize_invoice, invoice.id,
                        options={"idempotency_key": f"quorum-invoice-{order.id}-finalize"})
    invoice = call(api.invoices.send_invoice, invoice.id,
                    options={"idempotency_key": f"quorum-invoice-{order.id}-send"})
    return Invoice(id=invoice.id, hosted_url=invoice.hosted_invoice_url, status=invoice.status,
                   due_date=invoice.due_date)


def refund_create(*, payment_intent_id: str, amount: int, order_id: str, refund_number: int,
                  destination: bool = False, vendor_parts: Optional[dict[str, str]] = None) -> str:
    """`destination`: the charge paid a vendor, so the refund reverses its transfer and refunds Quorum's fee in
    proportion; `vendor_parts`: a separate charge's split ({"vendor_<id>": "<gross>:<fee>"}), carried to the
    `refund.created` handler that reverses each vendor's transfer."""
    params: dict[str, Any] = {"payment_intent": payment_intent_id, "amount": amount,
                              "metadata": {"order_id": order_id, **(vendor_parts or {})}}
    if destination:
        params.update(reverse_transfer=True, refund_application_fee=True)
    refund = call(client().v1.refunds.create, params=params,
                   options={"idempotency_key": f"quorum-refund-{order_id}-{refund_number}"})
    return refund.id


def subscription_retrieve(*, subscription_id: str) -> dict:
    """The subscription as Stripe has it now: webhooks arrive late, twice or out of order, so a handler records
    this rather than the event's snapshot."""
    return call(client().v1.subscriptions.retrieve, subscription_id).to_dict()


SIGNATURE_TOLERANCE = 300  # seconds either side of now (Stripe's own default, applied to the future too)


def event_verify(*, payload: bytes, signature: Optional[str], connect: bool = False) -> Any:
    """Check Stripe's signature (with the Connect endpoint's own secret for `connect`) and that its timestamp
    is within the tolerance of now (in the past, as the SDK does, and in the future); return the payload
    parsed (None when a signed payload is not JSON)."""
    import json
    import time

    import stripe

    name = "STRIPE_CONNECT_WEBHOOK_SECRET" if connect else "STRIPE_WEBHOOK_SECRET"
    secret = getattr(settings, name, "")
    if not signature:
        raise InvalidSignature("missing Stripe-Signature header")
    if not secret:
        raise InvalidSignature(f"webhooks are not configured ({name} is empty)")
    try:
        stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature, secret,
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
    call(client(timeout=timeout, retries=0).v1.events.list, params={"limit": 1})
    return "ok"
