"""Invoice Payments: how this API version links an invoice to the PaymentIntents that paid it (or tried to):
one per payment attempt, `paid` once its PaymentIntent succeeded. Read-only (list, retrieve), derived from the
invoice's payment attempts, so their ids are stable."""
from __future__ import annotations

from devstack.stripe_emulator import listing, shapes
from devstack.stripe_emulator.errors import no_such
from devstack.stripe_emulator.invoices import payment_intents_of
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store


def _of(store: Store, invoice: dict) -> list[dict]:
    found = []
    for index, intent_id in enumerate(payment_intents_of(store, invoice)):
        intent = store.objects[intent_id]
        paid = intent["status"] == "succeeded"
        found.append(shapes.blank(
            "invoice_payment", id=f"inpay_{intent_id.split('_', 1)[1]}", created=intent["created"],
            amount_paid=intent["amount"] if paid else None, amount_requested=intent["amount"],
            currency=intent["currency"], invoice=invoice["id"], is_default=index == 0,
            payment={"charge": None, "payment_intent": intent_id, "payment_record": None, "type": "payment_intent"},
            status="paid" if paid else "canceled" if intent["status"] == "canceled" else "open",
            status_transitions={"canceled_at": None, "paid_at": invoice["status_transitions"]["paid_at"] if paid
                                else None}))
    return found


def _all(store: Store) -> list[dict]:
    return [payment for invoice in store.all("invoice") if not invoice.get("deleted") for payment in _of(store, invoice)]


@route("GET", "/v1/invoice_payments", "InvoicePaymentListParams", ("invoice", "status", "limit", "starting_after",
                                                                   "ending_before", "created"))
def invoice_payment_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(_all(store), params, "/v1/invoice_payments", kind="invoice payment",
                        fields=("invoice", "status"))


@route("GET", "/v1/invoice_payments/{id}", "InvoicePaymentRetrieveParams")
def invoice_payment_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    for payment in _all(store):
        if payment["id"] == ids[0]:
            return payment
    raise no_such("invoice payment", ids[0])
