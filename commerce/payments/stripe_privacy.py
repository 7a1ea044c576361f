"""A data subject's footprint at Stripe, through the one Stripe client (commerce/payments/stripe_gateway.py):
the export of a customer with its payment methods' non-sensitive details, the customer's deletion, and the
verifier's search of the customer list for an address (docs/privacy.md)."""
from __future__ import annotations

import json
from typing import Any

from commerce.payments.stripe_gateway import PaymentProviderError, call, client

CARD_DETAILS = ("brand", "last4", "exp_month", "exp_year", "country", "funding")  # never the number or fingerprint
CUSTOMER_FIELDS = ("email", "name", "description", "phone", "address", "shipping", "metadata")


def customer_export(*, customer_id: str) -> dict[str, Any]:
    """What Stripe holds about a customer, for a data subject's export: the customer's own fields and its
    payment methods' non-sensitive details (brand, last 4 digits, expiry). A deleted one says so."""
    api = client().v1
    customer = call(api.customers.retrieve, customer_id).to_dict()
    if customer.get("deleted"):
        return {"id": customer_id, "deleted": True}
    methods = call(api.customers.payment_methods.list, customer_id, params={"limit": 100})
    return {
        "id": customer["id"], "email": customer.get("email"), "name": customer.get("name"),
        "phone": customer.get("phone"), "address": customer.get("address"), "created": customer.get("created"),
        "metadata": customer.get("metadata") or {},
        "payment_methods": [{"id": pm.id, "type": pm.type, "created": pm.created,
                             "card": {k: (pm.card.to_dict() if pm.card else {}).get(k) for k in CARD_DETAILS}
                             if pm.type == "card" else None} for pm in methods.data],
    }


def _missing(exc: PaymentProviderError) -> bool:
    return exc.extra.get("stripe_code") == "resource_missing"


def customer_delete(*, customer_id: str) -> str:
    """Delete a customer (`DELETE /v1/customers/{id}`; Stripe keeps a `deleted: true` stub and cancels its
    subscriptions). Idempotent: a customer already deleted, or unknown, is reported as such."""
    try:
        call(client().v1.customers.delete, customer_id)
        return "deleted"
    except PaymentProviderError as exc:
        if not _missing(exc):
            raise
    return "already deleted" if customer_deleted(customer_id=customer_id) else "unknown"


def customer_deleted(*, customer_id: str) -> bool:
    """True when Stripe answers the customer's stub (`deleted: true`) or does not know it."""
    try:
        return bool(call(client().v1.customers.retrieve, customer_id).to_dict().get("deleted"))
    except PaymentProviderError as exc:
        if _missing(exc):
            return True
        raise


def customers_mentioning(*, needle: str) -> tuple[int, list[dict[str, Any]]]:
    """Every live customer (the whole list, paged) whose fields or metadata contain `needle`, case-insensitive:
    (customers read, [{"id", "fields"}]). Deleted customers are not listed by Stripe."""
    needle, read, found = needle.lower(), 0, []
    for customer in call(client().v1.customers.list, params={"limit": 100}).auto_paging_iter():
        read += 1
        raw = customer.to_dict()
        fields = [f for f in CUSTOMER_FIELDS if needle in json.dumps(raw.get(f), default=str).lower()]
        if fields:
            found.append({"id": raw["id"], "fields": fields})
    return read, found
