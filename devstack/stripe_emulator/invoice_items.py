"""Invoice Items (pending, or on a draft invoice) and the invoice line items they become."""
from __future__ import annotations

from typing import Optional

from devstack.stripe_emulator import currencies, listing
from devstack.stripe_emulator.errors import bad_state, invalid, missing
from devstack.stripe_emulator.metadata import changes, merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

MODELLED = ("customer", "amount", "currency", "description", "invoice", "metadata", "quantity", "price_data.currency",
            "price_data.product", "price_data.unit_amount", "price_data.unit_amount_decimal", "pricing.price", "period",
            "discountable")


def create(store: Store, *, customer: str, amount: int, currency: str, description: Optional[str], quantity: int = 1,
           invoice: Optional[str] = None, metadata: Optional[dict] = None, price: Optional[dict] = None,
           period: Optional[dict] = None, subscription: Optional[str] = None) -> dict:
    now = store.now()
    item = store.new("invoiceitem", "ii", amount=amount, currency=currency, customer=customer, description=description,
                     quantity=quantity, quantity_decimal=str(quantity), invoice=invoice, metadata=metadata or {},
                     date=now, discountable=True, net_amount=amount,
                     period=period or {"start": now, "end": now},
                     pricing={"price_details": {"price": price["id"], "product": price["product"]} if price else None,
                              "type": "price_details" if price else None,
                              "unit_amount_decimal": str(amount // quantity if quantity else amount)})
    if subscription:
        item["parent"] = {"type": "subscription_details", "subscription_details": {"subscription": subscription,
                                                                                   "subscription_item": None}}
    store.emit("invoiceitem.created", item)
    if invoice:
        from devstack.stripe_emulator import invoices

        invoices.attach(store, store.objects[invoice], item)
    return item


@route("POST", "/v1/invoiceitems", "InvoiceItemCreateParams", MODELLED)
def item_create(store: Store, params: dict, ids: list[str]) -> dict:
    if not params.get("customer"):
        raise missing("customer")
    customer = store.live(params["customer"], "customer", "customer", param="customer")
    quantity = params.get("quantity", 1)
    price = None
    if params.get("pricing", {}).get("price"):
        price = store.get(params["pricing"]["price"], "price", "price", param="pricing[price]")
        currency, amount = price["currency"], price["unit_amount"] * quantity
    elif params.get("price_data"):
        data = params["price_data"]
        currency = currencies.check(data["currency"], "price_data[currency]")
        if data.get("product"):
            store.live(data["product"], "product", "product", param="price_data[product]")
        unit = data.get("unit_amount")
        if unit is None:
            raise missing("price_data[unit_amount]")
        amount = unit * quantity
    else:
        if "amount" not in params:
            raise missing("amount")
        if not params.get("currency"):
            raise missing("currency")
        currency, amount = currencies.check(params["currency"]), params["amount"]
    invoice_id = params.get("invoice")
    if invoice_id:
        invoice = store.get(invoice_id, "invoice", "invoice", param="invoice")
        if invoice["status"] != "draft":
            raise bad_state(f"Invoice {invoice_id} is already finalized: invoice items can only be added to draft "
                            "invoices.", param="invoice")
        if invoice["customer"] != customer["id"]:
            raise invalid("invoice", "The invoice belongs to another customer.")
        if invoice["currency"] != currency:
            raise invalid("currency", f"The currency of the invoice item ({currency}) must match the invoice's "
                                      f"({invoice['currency']}).")
    return create(store, customer=customer["id"], amount=amount, currency=currency,
                  description=params.get("description"), quantity=quantity, invoice=invoice_id,
                  metadata=merged({}, params.get("metadata")), price=price, period=params.get("period"))


@route("GET", "/v1/invoiceitems/{id}", "InvoiceItemRetrieveParams")
def item_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "invoice item", "invoiceitem")


@route("POST", "/v1/invoiceitems/{id}", "InvoiceItemUpdateParams", ("amount", "description", "metadata", "quantity"))
def item_update(store: Store, params: dict, ids: list[str]) -> dict:
    item = store.live(ids[0], "invoice item", "invoiceitem")
    invoice = store.objects.get(item["invoice"] or "")
    if invoice and invoice["status"] != "draft" and set(params) - {"metadata"}:
        raise bad_state("Invoice items on finalized invoices cannot be edited.")
    updates = {k: params[k] for k in ("amount", "description", "quantity") if k in params}
    if "metadata" in params:
        updates["metadata"] = merged(item["metadata"], params["metadata"])
    previous = changes(item, updates)
    if invoice and invoice["status"] == "draft":
        from devstack.stripe_emulator import invoices

        invoices.recompute(store, invoice)
    if previous:
        store.emit("invoiceitem.updated", item, previous)
    return item


@route("DELETE", "/v1/invoiceitems/{id}", "InvoiceItemDeleteParams")
def item_delete(store: Store, params: dict, ids: list[str]) -> dict:
    item = store.live(ids[0], "invoice item", "invoiceitem")
    invoice = store.objects.get(item["invoice"] or "")
    if invoice and invoice["status"] != "draft":
        raise bad_state("Invoice items on finalized invoices cannot be deleted.")
    store.objects[item["id"]] = {"id": item["id"], "object": "invoiceitem", "deleted": True}
    if invoice:
        from devstack.stripe_emulator import invoices

        invoices.detach(store, invoice, item["id"])
    store.emit("invoiceitem.deleted", item)
    return store.objects[item["id"]]


@route("GET", "/v1/invoiceitems", "InvoiceItemListParams", ("created", "customer", "invoice", "limit", "pending",
                                                             "starting_after", "ending_before"))
def item_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("invoiceitem"), params, "/v1/invoiceitems", kind="invoice item",
                        fields=("customer", "invoice"),
                        filters={"pending": lambda o, pending: (o["invoice"] is None) == pending})


def line_for(item: dict) -> dict:
    """The invoice line item an invoice item becomes."""
    from devstack.stripe_emulator import shapes

    parent = item.get("parent") or {}
    return shapes.blank(
        "line_item", id="il_" + item["id"].split("_", 1)[1], amount=item["amount"], currency=item["currency"],
        description=item["description"], discountable=True, invoice=item["invoice"], metadata=dict(item["metadata"]),
        period=dict(item["period"]), quantity=item["quantity"], quantity_decimal=str(item["quantity"]),
        subtotal=item["amount"], pricing=dict(item["pricing"]),
        subscription=(parent.get("subscription_details") or {}).get("subscription"),
        parent={"type": "invoice_item_details", "invoice_item_details": {
            "invoice_item": item["id"], "proration": False, "proration_details": {"credited_items": None},
            "subscription": (parent.get("subscription_details") or {}).get("subscription")},
            "subscription_item_details": None})
