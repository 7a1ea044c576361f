"""Invoices' lifecycle: draft -> open (finalize) -> paid / void / uncollectible, paid by card through a
PaymentIntent (hosted page or `pay` with a payment method) or failing with the card's decline. Connect:
`transfer_data[destination]` and `application_fee_amount` make the payment a destination charge."""
from __future__ import annotations

from typing import Optional

from devstack.stripe_emulator.errors import bad_state
from devstack.stripe_emulator.invoice_items import line_for
from devstack.stripe_emulator.store import Store


def new(store: Store, *, customer: dict, currency: str, collection_method: str = "charge_automatically",
        days_until_due: Optional[int] = None, due_date: Optional[int] = None, description: Optional[str] = None,
        metadata: Optional[dict] = None, auto_advance: Optional[bool] = None, subscription: Optional[str] = None,
        billing_reason: str = "manual", transfer_data: Optional[dict] = None,
        application_fee_amount: Optional[int] = None, default_payment_method: Optional[str] = None) -> dict:
    now = store.now()
    invoice = store.new(
        "invoice", "in", customer=customer["id"], currency=currency, collection_method=collection_method,
        description=description, metadata=metadata or {}, billing_reason=billing_reason, status="draft",
        auto_advance=bool(auto_advance),
        customer_email=customer.get("email"), customer_name=customer.get("name"), customer_phone=customer.get("phone"),
        customer_address=customer.get("address"), customer_shipping=customer.get("shipping"),
        customer_tax_exempt="none", account_country="US", account_name="Quorum (Stripe emulator)",
        period_start=now, period_end=now, effective_at=None, issuer={"account": None, "type": "self"},
        default_payment_method=default_payment_method, total_excluding_tax=0, subtotal_excluding_tax=0, ending_balance=None,
        payment_settings={"default_mandate": None, "payment_method_options": None, "payment_method_types": None},
        rendering={"amount_tax_display": None, "pdf": {"page_size": "auto"}, "template": None, "template_version": None},
        automatically_finalizes_at=now + 3600 if auto_advance else None, total_taxes=[],
        total_discount_amounts=[], total_pretax_credit_amounts=[])
    invoice["due_date"] = due_date
    invoice["lines"]["url"] = f"/v1/invoices/{invoice['id']}/lines"
    if subscription:
        invoice["parent"] = {"type": "subscription_details", "quote_details": None, "subscription_details": {
            "metadata": None, "subscription": subscription, "subscription_proration_date": None}}
    # the Invoice object of this API version does not show its Connect settings; its payment uses them
    store.private[invoice["id"]] = {"days_until_due": days_until_due, "transfer_data": transfer_data,
                                    "application_fee_amount": application_fee_amount}
    return invoice


def attach(store: Store, invoice: dict, item: dict) -> None:
    item["invoice"] = invoice["id"]
    invoice["lines"]["data"].append(line_for(item))
    recompute(store, invoice)


def detach(store: Store, invoice: dict, item_id: str) -> None:
    line_id = "il_" + item_id.split("_", 1)[1]
    invoice["lines"]["data"] = [line for line in invoice["lines"]["data"] if line["id"] != line_id]
    recompute(store, invoice)


def recompute(store: Store, invoice: dict) -> None:
    for line in invoice["lines"]["data"]:
        item_id = line["parent"]["invoice_item_details"]["invoice_item"]
        item = store.objects.get(item_id)
        if item and not item.get("deleted"):
            line.update(amount=item["amount"], subtotal=item["amount"], quantity=item["quantity"],
                        description=item["description"])
    total = sum(line["amount"] for line in invoice["lines"]["data"])
    invoice.update(subtotal=total, subtotal_excluding_tax=total, total=total, total_excluding_tax=total,
                   amount_due=total, amount_remaining=total - invoice["amount_paid"])


def finalize(store: Store, invoice: dict) -> dict:
    if invoice["status"] != "draft":
        raise bad_state("This invoice is already finalized, you can't re-finalize a non-draft invoice.",
                        code="invoice_not_editable")
    now = store.now()
    customer = store.private.get(invoice["customer"], {}).get("before_deletion") or store.objects[invoice["customer"]]
    sequence = customer.get("next_invoice_sequence") or 1
    if "next_invoice_sequence" in customer:
        customer["next_invoice_sequence"] = sequence + 1
    invoice.update(status="open", number=f"{customer.get('invoice_prefix') or 'QRM'}-{sequence:04d}",
                   hosted_invoice_url=f"{store.public_url}/invoice/{invoice['id']}",
                   invoice_pdf=f"{store.public_url}/invoice/{invoice['id']}/pdf", effective_at=now,
                   starting_balance=0, ending_balance=0, automatically_finalizes_at=None)
    invoice["status_transitions"]["finalized_at"] = now
    days = store.private.get(invoice["id"], {}).get("days_until_due")
    if invoice["collection_method"] == "send_invoice" and invoice["due_date"] is None and days is not None:
        invoice["due_date"] = now + days * 86400
    if invoice["amount_due"] == 0:
        store.emit("invoice.finalized", invoice)
        return mark_paid(store, invoice)
    store.emit("invoice.finalized", invoice)
    return invoice


def mark_paid(store: Store, invoice: dict, *, from_request: bool = True) -> dict:
    invoice.update(status="paid", amount_paid=invoice["amount_due"], amount_remaining=0)
    invoice["status_transitions"]["paid_at"] = store.now()
    store.emit("invoice.paid", invoice, from_request=from_request)
    store.emit("invoice.payment_succeeded", invoice, from_request=from_request)
    from devstack.stripe_emulator import subscriptions

    subscriptions.invoice_paid(store, invoice)
    return invoice


def pay_with(store: Store, invoice: dict, pm: dict, *, from_request: bool = True) -> Optional[dict]:
    """Charge the invoice's amount due to `pm` through a PaymentIntent. Returns the card error or None."""
    from devstack.stripe_emulator import charges

    invoice["attempted"] = True
    invoice["attempt_count"] += 1
    connect = store.private.get(invoice["id"], {})
    transfer_data = connect.get("transfer_data")
    intent = store.new("payment_intent", "pi", amount=invoice["amount_due"], currency=invoice["currency"],
                       customer=invoice["customer"], description=f"Payment for Invoice {invoice['number']}",
                       metadata={}, capture_method="automatic", confirmation_method="automatic",
                       payment_method_types=["card"], status="requires_payment_method",
                       transfer_data={"amount": transfer_data.get("amount"), "destination": transfer_data["destination"]}
                       if transfer_data else None, application_fee_amount=connect.get("application_fee_amount"),
                       amount_details={"tip": {}}, payment_method_options=None)
    intent["client_secret"] = f"{intent['id']}_secret_emulator"
    store.private.setdefault(invoice["id"], {}).setdefault("payment_intents", []).append(intent["id"])
    store.emit("payment_intent.created", intent, from_request=from_request)
    intent["payment_method"] = pm["id"]
    error = charges.attempt(store, intent, pm)
    if error:
        intent.update(status="requires_payment_method", last_payment_error=error)
        store.emit("payment_intent.payment_failed", intent, from_request=from_request)
        invoice["next_payment_attempt"] = None
        store.emit("invoice.payment_failed", invoice, from_request=from_request)
        return error
    intent.update(status="succeeded", amount_received=intent["amount"])
    store.emit("payment_intent.succeeded", intent, from_request=from_request)
    mark_paid(store, invoice, from_request=from_request)
    return None


def payment_intents_of(store: Store, invoice: dict) -> list[str]:
    return store.private.get(invoice["id"], {}).get("payment_intents", [])
