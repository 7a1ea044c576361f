"""Invoices: draft -> open (finalize) -> paid / void / uncollectible, paid by card through a PaymentIntent
(hosted page or `pay` with a payment method), out of band, or failing with the card's decline. Connect:
`transfer_data[destination]` and `application_fee_amount` make the payment a destination charge."""
from __future__ import annotations

import copy
from typing import Optional

from devstack.stripe_emulator import cards, context, currencies, listing, search
from devstack.stripe_emulator.errors import StripeAPIError, bad_state, invalid, missing
from devstack.stripe_emulator.invoice_items import line_for
from devstack.stripe_emulator.metadata import changes, merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

MODELLED = ("customer", "collection_method", "days_until_due", "due_date", "currency", "description", "metadata",
            "pending_invoice_items_behavior", "auto_advance", "default_payment_method", "footer",
            "transfer_data.destination", "transfer_data.amount", "application_fee_amount", "subscription")


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
        return _mark_paid(store, invoice)
    store.emit("invoice.finalized", invoice)
    return invoice


def _mark_paid(store: Store, invoice: dict, *, from_request: bool = True) -> dict:
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
    _mark_paid(store, invoice, from_request=from_request)
    return None


def payment_intents_of(store: Store, invoice: dict) -> list[str]:
    return store.private.get(invoice["id"], {}).get("payment_intents", [])


@route("POST", "/v1/invoices", "InvoiceCreateParams", MODELLED)
def invoice_create(store: Store, params: dict, ids: list[str]) -> dict:
    if not params.get("customer"):
        raise missing("customer")
    customer = store.live(params["customer"], "customer", "customer", param="customer")
    method = params.get("collection_method", "charge_automatically")
    days, due = params.get("days_until_due"), params.get("due_date")
    if method == "send_invoice" and days is None and due is None:
        raise invalid("days_until_due", "Invoices with `collection_method=send_invoice` require `days_until_due` "
                                        "or `due_date`.")
    if method == "charge_automatically" and (days is not None or due is not None):
        raise invalid("days_until_due", "`days_until_due` and `due_date` can only be set with "
                                        "`collection_method=send_invoice`.")
    if params.get("subscription"):
        raise invalid("subscription", "The Stripe emulator creates subscription invoices itself.",
                      "parameter_unsupported_by_emulator")
    transfer = params.get("transfer_data")
    if transfer:
        from devstack.stripe_emulator import transfers

        transfers._destination(store, transfer["destination"])
    if params.get("application_fee_amount") is not None and not transfer and not context.account():
        raise invalid("application_fee_amount", "Can only apply an application_fee_amount when the invoice is a "
                                                "destination (`transfer_data[destination]`) or direct charge.")
    if params.get("default_payment_method"):
        cards.payment_method(store, params["default_payment_method"], param="default_payment_method")
    invoice = new(store, customer=customer, currency=currencies.check(params.get("currency", "usd")),
                  collection_method=method, days_until_due=days, due_date=due, description=params.get("description"),
                  metadata=merged({}, params.get("metadata")), auto_advance=params.get("auto_advance"),
                  transfer_data={"amount": transfer.get("amount"), "destination": transfer["destination"]}
                  if transfer else None, application_fee_amount=params.get("application_fee_amount"),
                  default_payment_method=params.get("default_payment_method"))
    invoice["footer"] = params.get("footer")
    if params.get("pending_invoice_items_behavior", "exclude") == "include":
        for item in list(store.all("invoiceitem")):
            if item["customer"] == customer["id"] and not item["invoice"] and item["currency"] == invoice["currency"]:
                attach(store, invoice, item)
    store.emit("invoice.created", invoice)
    return invoice


def _invoice(store: Store, ids: list[str]) -> dict:
    return store.live(ids[0], "invoice", "invoice")


@route("GET", "/v1/invoices/{id}", "InvoiceRetrieveParams")
def invoice_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "invoice", "invoice")


@route("POST", "/v1/invoices/{id}", "InvoiceUpdateParams", ("description", "metadata", "footer", "days_until_due",
                                                            "due_date", "auto_advance", "default_payment_method",
                                                            "collection_method", "application_fee_amount"))
def invoice_update(store: Store, params: dict, ids: list[str]) -> dict:
    invoice = _invoice(store, ids)
    if invoice["status"] != "draft" and set(params) - {"metadata", "description", "footer", "auto_advance"}:
        raise bad_state("Finalized invoices can't be updated in this way", code="invoice_not_editable")
    updates = {k: params[k] or None for k in ("description", "footer") if k in params}
    for key in ("auto_advance", "due_date", "collection_method", "default_payment_method"):
        if key in params:
            updates[key] = params[key]
    if "application_fee_amount" in params:
        store.private.setdefault(invoice["id"], {})["application_fee_amount"] = params["application_fee_amount"]
    if "days_until_due" in params:
        store.private.setdefault(invoice["id"], {})["days_until_due"] = params["days_until_due"]
    if "metadata" in params:
        updates["metadata"] = merged(invoice["metadata"], params["metadata"])
    previous = changes(invoice, updates)
    if previous:
        store.emit("invoice.updated", invoice, previous)
    return invoice


@route("DELETE", "/v1/invoices/{id}", "InvoiceDeleteParams")
def invoice_delete(store: Store, params: dict, ids: list[str]) -> dict:
    invoice = _invoice(store, ids)
    if invoice["status"] != "draft":
        raise bad_state("You can only delete draft invoices.", code="invoice_not_editable")
    store.objects[invoice["id"]] = {"id": invoice["id"], "object": "invoice", "deleted": True}
    store.emit("invoice.deleted", invoice)
    return store.objects[invoice["id"]]


@route("POST", "/v1/invoices/{id}/finalize", "InvoiceFinalizeInvoiceParams", ("auto_advance",))
def invoice_finalize(store: Store, params: dict, ids: list[str]) -> dict:
    return finalize(store, _invoice(store, ids))


@route("POST", "/v1/invoices/{id}/pay", "InvoicePayParams", ("payment_method", "paid_out_of_band", "off_session"))
def invoice_pay(store: Store, params: dict, ids: list[str]) -> dict:
    invoice = _invoice(store, ids)
    if invoice["status"] == "draft":
        finalize(store, invoice)
    if invoice["status"] == "paid":
        raise bad_state("Invoice is already paid")
    if invoice["status"] != "open":
        raise bad_state(f"You can only pay open invoices; this one is {invoice['status']}.",
                        code="invoice_not_editable")
    if params.get("paid_out_of_band"):
        return _mark_paid(store, invoice)
    pm_id = params.get("payment_method") or invoice["default_payment_method"]
    pm = cards.payment_method(store, pm_id) if pm_id else cards.default_for(store, invoice["customer"])
    if pm is None:
        raise StripeAPIError(400, "This customer has no attached payment source or default payment method. Please "
                                  "consider adding a default payment method. For more information, visit "
                                  "https://docs.stripe.com/billing/subscriptions/payment-methods-setting"
                                  "#payment-method-priority.")
    error = pay_with(store, invoice, pm)
    if error:
        from devstack.stripe_emulator.errors import card_error

        raise card_error(error["message"], code=error["code"], decline_code=error["decline_code"],
                         extra={"charge": error["charge"], "payment_method": error["payment_method"]})
    return invoice


@route("POST", "/v1/invoices/{id}/send", "InvoiceSendInvoiceParams")
def invoice_send(store: Store, params: dict, ids: list[str]) -> dict:
    invoice = _invoice(store, ids)
    if invoice["collection_method"] != "send_invoice":
        raise bad_state("You can only manually send an invoice if its collection method is 'send_invoice'.")
    if invoice["status"] == "draft":
        finalize(store, invoice)
    if invoice["status"] != "open":
        raise bad_state("You can only send finalized (open) invoices.")
    store.emit("invoice.sent", invoice)
    return invoice


@route("POST", "/v1/invoices/{id}/void", "InvoiceVoidInvoiceParams")
def invoice_void(store: Store, params: dict, ids: list[str]) -> dict:
    invoice = _invoice(store, ids)
    if invoice["status"] not in ("open", "uncollectible"):
        raise bad_state(f"You can only void open or uncollectible invoices; this one is {invoice['status']}.",
                        code="invoice_not_editable")
    invoice["status"] = "void"
    invoice["status_transitions"]["voided_at"] = store.now()
    store.emit("invoice.voided", invoice, {"status": "open"})
    return invoice


@route("POST", "/v1/invoices/{id}/mark_uncollectible", "InvoiceMarkUncollectibleParams")
def invoice_mark_uncollectible(store: Store, params: dict, ids: list[str]) -> dict:
    invoice = _invoice(store, ids)
    if invoice["status"] != "open":
        raise bad_state("You can only mark open invoices as uncollectible.", code="invoice_not_editable")
    invoice["status"] = "uncollectible"
    invoice["status_transitions"]["marked_uncollectible_at"] = store.now()
    store.emit("invoice.marked_uncollectible", invoice, {"status": "open"})
    return invoice


@route("GET", "/v1/invoices", "InvoiceListParams", ("collection_method", "created", "customer", "due_date", "limit",
                                                    "starting_after", "ending_before", "status", "subscription"))
def invoice_list(store: Store, params: dict, ids: list[str]) -> dict:
    sub = lambda o, value: ((o.get("parent") or {}).get("subscription_details") or {}).get("subscription") == value
    return listing.page(store.all("invoice"), params, "/v1/invoices", kind="invoice",
                        fields=("collection_method", "customer", "status"), filters={"subscription": sub})


@route("GET", "/v1/invoices/search", "InvoiceSearchParams")
def invoice_search(store: Store, params: dict, ids: list[str]) -> dict:
    return search.search(store.all("invoice"), params, "/v1/invoices/search")


@route("GET", "/v1/invoices/{id}/lines", "InvoiceListLinesParams", ("limit", "starting_after", "ending_before"))
def invoice_lines(store: Store, params: dict, ids: list[str]) -> dict:
    invoice = store.get(ids[0], "invoice", "invoice")
    return listing.sublist(copy.deepcopy(invoice["lines"]["data"]), params, f"/v1/invoices/{invoice['id']}/lines")
