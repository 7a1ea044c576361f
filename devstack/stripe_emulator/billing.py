"""Customers, products, prices, subscriptions, invoice items and invoices."""
from __future__ import annotations

from typing import Optional

from devstack.stripe_emulator.errors import bad_state, invalid, missing, required
from devstack.stripe_emulator.store import Store


def _int(params: dict, name: str, required: bool = True) -> Optional[int]:
    raw = params.get(name)
    if raw in (None, ""):
        if required:
            raise missing(name)
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise invalid(name, f"Invalid integer: {raw}") from None


def customer_create(store: Store, params: dict) -> dict:
    return store.put({
        "id": store.new_id("cus"), "object": "customer", "created": store.now(), "email": params.get("email"),
        "name": params.get("name"), "description": params.get("description"), "metadata": params.get("metadata") or {},
        "livemode": False, "invoice_settings": {"default_payment_method": None},
    })


def customer_update(store: Store, customer: dict, params: dict) -> dict:
    for field in ("email", "name", "description"):
        if field in params:
            customer[field] = params[field]
    customer["metadata"].update(params.get("metadata") or {})
    return customer


def product_create(store: Store, params: dict) -> dict:
    if not params.get("name"):
        raise missing("name")
    return store.put({"id": params.get("id") or store.new_id("prod"), "object": "product", "active": True,
                      "name": params["name"], "description": params.get("description"), "created": store.now(),
                      "metadata": params.get("metadata") or {}, "livemode": False})


def price_create(store: Store, params: dict) -> dict:
    if not params.get("currency"):
        raise missing("currency")
    product = params.get("product")
    if not product and not params.get("product_data"):
        raise missing("product")
    if not product:
        product = product_create(store, params["product_data"])["id"]
    recurring = params.get("recurring")
    return store.put({
        "id": store.new_id("price"), "object": "price", "active": True, "currency": params["currency"],
        "unit_amount": _int(params, "unit_amount"), "product": product, "created": store.now(),
        "type": "recurring" if recurring else "one_time", "metadata": params.get("metadata") or {},
        "recurring": {"interval": recurring["interval"], "interval_count": 1} if recurring else None,
        "livemode": False,
    })


def invoice_item_create(store: Store, params: dict) -> dict:
    customer = required(params, "customer")
    store.get(customer, "customer", "customer")
    currency = params.get("currency")
    quantity = _int(params, "quantity", required=False) or 1
    if params.get("price_data"):
        data = params["price_data"]
        currency = data.get("currency") or currency
        unit = _int(data, "unit_amount")
        amount = unit * quantity
    else:
        amount = _int(params, "amount")
        unit = amount
    if not currency:
        raise missing("currency")
    item = store.put({
        "id": store.new_id("ii"), "object": "invoiceitem", "amount": amount, "currency": currency,
        "customer": customer, "description": params.get("description"), "quantity": quantity,
        "invoice": params.get("invoice"), "metadata": params.get("metadata") or {}, "date": store.now(),
        "unit_amount": unit, "livemode": False,
    })
    if item["invoice"]:
        invoice = store.get(item["invoice"], "invoice", "invoice")
        if invoice["status"] != "draft":
            raise bad_state("You can only add invoice items to draft invoices.")
        _attach(invoice, item)
    return item


def _attach(invoice: dict, item: dict) -> None:
    invoice["lines"]["data"].append({
        "id": store_line_id(item), "object": "line_item", "amount": item["amount"], "currency": item["currency"],
        "description": item["description"], "quantity": item["quantity"], "metadata": item["metadata"],
    })
    invoice["lines"]["total_count"] = len(invoice["lines"]["data"])
    total = sum(line["amount"] for line in invoice["lines"]["data"])
    invoice.update(subtotal=total, total=total, amount_due=total, amount_remaining=total)


def store_line_id(item: dict) -> str:
    return "il_" + item["id"].split("_", 1)[1]


def invoice_create(store: Store, params: dict, *, subscription: Optional[str] = None) -> dict:
    customer = required(params, "customer")
    store.get(customer, "customer", "customer")
    method = params.get("collection_method") or "charge_automatically"
    days = _int(params, "days_until_due", required=False)
    if method == "send_invoice" and days is None and not params.get("due_date"):
        raise invalid("days_until_due", "Missing `days_until_due` or `due_date` for `send_invoice` invoices.")
    invoice = store.put({
        "id": store.new_id("in"), "object": "invoice", "status": "draft", "customer": customer,
        "collection_method": method, "days_until_due": days, "due_date": None, "currency": params.get("currency") or "usd",
        "amount_due": 0, "amount_paid": 0, "amount_remaining": 0, "subtotal": 0, "total": 0,
        "lines": {"object": "list", "data": [], "has_more": False, "total_count": 0, "url": "/v1/invoices/lines"},
        "hosted_invoice_url": None, "invoice_pdf": None, "number": None, "description": params.get("description"),
        "metadata": params.get("metadata") or {}, "created": store.now(), "livemode": False, "attempted": False,
        "auto_advance": params.get("auto_advance") == "true",
        "parent": {"type": "subscription_details", "subscription_details": {"subscription": subscription}}
        if subscription else None,
        "status_transitions": {"finalized_at": None, "paid_at": None, "voided_at": None,
                               "marked_uncollectible_at": None},
    })
    if params.get("pending_invoice_items_behavior") != "exclude":
        for item in list(store.objects.values()):
            if item.get("object") == "invoiceitem" and item["customer"] == customer and not item["invoice"]:
                item["invoice"] = invoice["id"]
                _attach(invoice, item)
    return invoice


def invoice_finalize(store: Store, invoice: dict) -> dict:
    if invoice["status"] != "draft":
        raise bad_state(f"This invoice is already {invoice['status']}.")
    now = store.now()
    invoice.update(status="open", number=f"QRM-{len(store.events) + 1:05d}",
                   hosted_invoice_url=f"{store.public_url}/invoice/{invoice['id']}",
                   invoice_pdf=f"{store.public_url}/invoice/{invoice['id']}/pdf")
    invoice["status_transitions"]["finalized_at"] = now
    if invoice["days_until_due"] is not None:
        invoice["due_date"] = now + invoice["days_until_due"] * 86400
    store.emit("invoice.finalized", invoice)
    return invoice


def invoice_mark_paid(store: Store, invoice: dict) -> dict:
    if invoice["status"] == "draft":
        invoice_finalize(store, invoice)
    if invoice["status"] != "open":
        raise bad_state(f"Invoice is already {invoice['status']}.")
    invoice.update(status="paid", amount_paid=invoice["amount_due"], amount_remaining=0, attempted=True)
    invoice["status_transitions"]["paid_at"] = store.now()
    store.emit("invoice.paid", invoice)
    return invoice


def invoice_void(store: Store, invoice: dict) -> dict:
    if invoice["status"] != "open":
        raise bad_state("You can only void open invoices.")
    invoice["status"] = "void"
    invoice["status_transitions"]["voided_at"] = store.now()
    store.emit("invoice.voided", invoice)
    return invoice


def subscription_create(store: Store, *, customer: str, items: list[dict], metadata: dict) -> dict:
    now = store.now()
    interval = items[0]["recurring"]["interval"]
    end = now + (365 if interval == "year" else 30) * 86400
    subscription = store.put({
        "id": store.new_id("sub"), "object": "subscription", "status": "active", "customer": customer,
        "cancel_at_period_end": False, "canceled_at": None, "created": now, "start_date": now,
        "collection_method": "charge_automatically", "metadata": metadata, "livemode": False,
        "items": {"object": "list", "has_more": False, "total_count": len(items), "data": [{
            "id": store.new_id("si"), "object": "subscription_item", "quantity": item["quantity"],
            "current_period_start": now, "current_period_end": end,
            "price": {"id": store.new_id("price"), "object": "price", "currency": item["currency"],
                      "unit_amount": item["unit_amount"], "recurring": item["recurring"], "type": "recurring"},
        } for item in items]},
    })
    store.emit("customer.subscription.created", subscription)
    return subscription


def subscription_update(store: Store, subscription: dict, params: dict) -> dict:
    previous = {}
    if "cancel_at_period_end" in params:
        previous["cancel_at_period_end"] = subscription["cancel_at_period_end"]
        subscription["cancel_at_period_end"] = params["cancel_at_period_end"] == "true"
    if params.get("metadata"):
        previous["metadata"] = dict(subscription["metadata"])
        subscription["metadata"].update(params["metadata"])
    store.emit("customer.subscription.updated", subscription, previous)
    return subscription


def subscription_cancel(store: Store, subscription: dict) -> dict:
    if subscription["status"] == "canceled":
        raise bad_state("This subscription is already canceled.")
    subscription.update(status="canceled", canceled_at=store.now())
    store.emit("customer.subscription.deleted", subscription)
    return subscription
