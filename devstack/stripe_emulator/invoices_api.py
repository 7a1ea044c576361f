"""The Invoices API over invoices.py's lifecycle: create, retrieve, update, delete (draft), finalize, pay, send,
void, mark_uncollectible, list, search, lines."""
from __future__ import annotations

import copy

from devstack.stripe_emulator import cards, context, currencies, listing, search
from devstack.stripe_emulator.errors import StripeAPIError, bad_state, card_error, invalid, missing
from devstack.stripe_emulator.invoices import attach, finalize, mark_paid, new, pay_with
from devstack.stripe_emulator.metadata import changes, merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

MODELLED = ("customer", "collection_method", "days_until_due", "due_date", "currency", "description", "metadata",
            "pending_invoice_items_behavior", "auto_advance", "default_payment_method", "footer",
            "transfer_data.destination", "transfer_data.amount", "application_fee_amount", "subscription")


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
        return mark_paid(store, invoice)
    pm_id = params.get("payment_method") or invoice["default_payment_method"]
    pm = cards.payment_method(store, pm_id) if pm_id else cards.default_for(store, invoice["customer"])
    if pm is None:
        raise StripeAPIError(400, "This customer has no attached payment source or default payment method. Please "
                                  "consider adding a default payment method. For more information, visit "
                                  "https://docs.stripe.com/billing/subscriptions/payment-methods-setting"
                                  "#payment-method-priority.")
    error = pay_with(store, invoice, pm)
    if error:
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
