"""Checkout Sessions: payment and subscription mode, line items from stored Prices or `price_data`, Connect's
payment_intent_data (transfer_data, application_fee_amount, transfer_group), expiry, and what paying on the
hosted page does (through payment_intents.py / subscriptions.py, so the same events follow)."""
from __future__ import annotations

import copy
from typing import Optional

from devstack.stripe_emulator import (
    cards,
    catalog,
    currencies,
    customers,
    expand,
    listing,
    payment_intents,
    subscriptions,
)
from devstack.stripe_emulator.errors import StripeAPIError, bad_state, invalid, missing
from devstack.stripe_emulator.metadata import merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

MIN_EXPIRY, MAX_EXPIRY = 30 * 60, 24 * 3600
MODELLED = ("mode", "success_url", "cancel_url", "line_items.price", "line_items.quantity", "line_items.price_data",
            "client_reference_id", "customer", "customer_email", "customer_creation", "metadata", "expires_at",
            "payment_intent_data.metadata", "payment_intent_data.description", "payment_intent_data.transfer_data",
            "payment_intent_data.application_fee_amount", "payment_intent_data.transfer_group",
            "payment_intent_data.capture_method", "payment_intent_data.receipt_email", "subscription_data.metadata",
            "subscription_data.trial_period_days", "subscription_data.trial_end", "subscription_data.description",
            "subscription_data.transfer_data.destination", "subscription_data.application_fee_percent",
            "payment_method_types", "locale", "submit_type")


def _line(store: Store, index: int, item: dict, mode: str) -> dict:
    param = f"line_items[{index}]"
    if item.get("price"):
        price = store.get(item["price"], "price", "price", param=f"{param}[price]")
        if not price["active"]:
            raise invalid(f"{param}[price]", f"The price specified ({price['id']}) is inactive. This field only "
                                             "accepts active prices.")
    elif item.get("price_data"):
        data = item["price_data"]
        if not data.get("product") and not data.get("product_data"):
            raise missing(f"{param}[price_data][product_data]")
        price = catalog.price_create(store, {**data, "currency": currencies.check(data["currency"],
                                                                                  f"{param}[price_data][currency]")},
                                     f"{param}[price_data]")
        price["active"] = False  # an inline price, as Stripe makes it
    else:
        raise missing(f"{param}[price]")
    if mode == "payment" and price["recurring"]:
        raise invalid(f"{param}[price]", "You specified `payment` mode but passed a recurring price. Either switch to "
                                         "`subscription` mode or use only one-time prices.")
    quantity = item.get("quantity")
    if quantity is None:
        raise missing(f"{param}[quantity]")
    product = store.objects[price["product"]]
    return {"price": price, "quantity": quantity, "description": product["name"]}


@route("POST", "/v1/checkout/sessions", "checkout.SessionCreateParams", MODELLED)
def session_create(store: Store, params: dict, ids: list[str]) -> dict:
    mode = params.get("mode")
    if not mode:
        raise missing("mode")
    if mode == "setup":
        raise invalid("mode", "The Stripe emulator models payment and subscription mode.",
                      "parameter_unsupported_by_emulator")
    if not params.get("success_url"):
        raise missing("success_url")
    if not params.get("line_items"):
        raise missing("line_items")
    lines = [_line(store, n, item, mode) for n, item in enumerate(params["line_items"])]
    if mode == "subscription" and not any(line["price"]["recurring"] for line in lines):
        raise invalid("line_items", "You must provide at least one recurring price in `subscription` mode when using "
                                    "prices.")
    if len({line["price"]["currency"] for line in lines}) > 1:
        raise invalid("line_items", "Checkout does not support multiple currencies in one session.")
    now = store.now()
    expires_at = params.get("expires_at", now + MAX_EXPIRY)
    if not now + MIN_EXPIRY - 5 <= expires_at <= now + MAX_EXPIRY:
        raise invalid("expires_at", "The `expires_at` timestamp must be between 30 minutes and 24 hours from the "
                                    "Checkout Session's creation.")
    customer = params.get("customer")
    if customer:
        store.live(customer, "customer", "customer", param="customer")
        if params.get("customer_email"):
            raise invalid("customer_email", "You may only specify one of these parameters: customer, customer_email.")
    intent_data = params.get("payment_intent_data") or {}
    sub_data = params.get("subscription_data") or {}
    if mode != "payment" and intent_data:
        raise invalid("payment_intent_data", "You can not pass `payment_intent_data` in `subscription` mode.")
    if mode != "subscription" and sub_data:
        raise invalid("subscription_data", "You can only pass `subscription_data` in `subscription` mode.")
    if intent_data.get("transfer_data"):
        from devstack.stripe_emulator import transfers

        transfers._destination(store, intent_data["transfer_data"]["destination"])
    total = sum(line["price"]["unit_amount"] * line["quantity"] for line in lines)
    fee = intent_data.get("application_fee_amount")
    if fee is not None and not intent_data.get("transfer_data") and not payment_intents.store_account(store):
        raise invalid("payment_intent_data[application_fee_amount]", "Can only apply an application_fee_amount when "
                      "the payment is a destination charge (`payment_intent_data[transfer_data][destination]`) or a "
                      "direct charge (Stripe-Account header).")
    if fee is not None and fee > total:
        raise invalid("payment_intent_data[application_fee_amount]", "The application fee cannot be greater than the "
                                                                     "amount.")
    session_id = store.new_id("cs_test")
    session = store.new(
        "checkout.session", "cs_test", id=session_id, mode=mode, status="open", payment_status="unpaid",
        amount_subtotal=total, amount_total=total, currency=lines[0]["price"]["currency"],
        success_url=params["success_url"], cancel_url=params.get("cancel_url"),
        client_reference_id=params.get("client_reference_id"), customer=customer,
        customer_email=params.get("customer_email"), metadata=merged({}, params.get("metadata")),
        expires_at=expires_at, url=f"{store.public_url}/pay/{session_id}", ui_mode="hosted",
        customer_creation=params.get("customer_creation", "if_required") if mode == "payment" and not customer else None,
        payment_method_types=["card"], payment_method_collection="always", billing_address_collection=None,
        locale=params.get("locale"), submit_type=params.get("submit_type"),
        total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        automatic_tax={"enabled": False, "liability": None, "provider": None, "status": None},
        phone_number_collection={"enabled": False}, custom_fields=[], custom_text={
            "after_submit": None, "shipping_address": None, "submit": None, "terms_of_service_acceptance": None},
        invoice_creation={"enabled": False, "invoice_data": {
            "account_tax_ids": None, "custom_fields": None, "description": None, "footer": None, "issuer": None,
            "metadata": {}, "rendering_options": None}} if mode == "payment" else None,
        shipping_options=[], adaptive_pricing={"enabled": False})
    session["client_secret"] = None
    store.private[session_id] = {"lines": [{"price": line["price"]["id"], "quantity": line["quantity"],
                                            "description": line["description"]} for line in lines],
                                 "payment_intent_data": intent_data, "subscription_data": sub_data}
    return session


@expand.includable("checkout.session", "line_items")
def line_items(store: Store, session: dict) -> dict:
    data = []
    for n, line in enumerate(store.private[session["id"]]["lines"]):
        price = store.objects[line["price"]]
        amount = price["unit_amount"] * line["quantity"]
        data.append({"id": f"li_{session['id'][8:20]}{n:04d}", "object": "item", "amount_discount": 0,
                     "amount_subtotal": amount, "amount_tax": 0, "amount_total": amount, "currency": price["currency"],
                     "description": line["description"], "price": copy.deepcopy(price), "quantity": line["quantity"],
                     "adjustable_quantity": None, "metadata": {}})
    return {"object": "list", "data": data, "has_more": False, "url": f"/v1/checkout/sessions/{session['id']}/line_items"}


@route("GET", "/v1/checkout/sessions/{id}/line_items", "checkout.SessionListLineItemsParams",
       ("limit", "starting_after", "ending_before"))
def session_line_items(store: Store, params: dict, ids: list[str]) -> dict:
    session = store.get(ids[0], "checkout session", "checkout.session")
    return listing.sublist(line_items(store, session)["data"], params,
                           f"/v1/checkout/sessions/{session['id']}/line_items")


@route("GET", "/v1/checkout/sessions/{id}", "checkout.SessionRetrieveParams")
def session_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "checkout session", "checkout.session")


@route("POST", "/v1/checkout/sessions/{id}", "checkout.SessionModifyParams", ("metadata",))
def session_update(store: Store, params: dict, ids: list[str]) -> dict:
    session = store.get(ids[0], "checkout session", "checkout.session")
    session["metadata"] = merged(session["metadata"], params.get("metadata"))
    return session


@route("GET", "/v1/checkout/sessions", "checkout.SessionListParams", ("created", "customer", "limit", "payment_intent",
                                                                      "starting_after", "ending_before", "status",
                                                                      "subscription"))
def session_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("checkout.session"), params, "/v1/checkout/sessions", kind="checkout session",
                        fields=("customer", "payment_intent", "status", "subscription"))


@route("POST", "/v1/checkout/sessions/{id}/expire", "checkout.SessionExpireParams")
def session_expire_route(store: Store, params: dict, ids: list[str]) -> dict:
    return expire(store, store.get(ids[0], "checkout session", "checkout.session"))


def expire(store: Store, session: dict, *, from_request: bool = True) -> dict:
    if session["status"] != "open":
        raise bad_state(f"Only Checkout Sessions with a status of `open` can be expired. This Checkout Session has a "
                        f"status of `{session['status']}`.")
    session["status"] = "expired"
    store.emit("checkout.session.expired", session, from_request=from_request)
    return session


def pay(store: Store, session: dict, card_number: str) -> Optional[str]:
    """A person submitted a card on the hosted page. Returns an error message, or None on success."""
    if session["status"] != "open":
        return "This checkout session is no longer open."
    pm = cards.from_number(store, card_number)
    if pm is None:
        return "Your card number is invalid. Use a test card such as 4242 4242 4242 4242."
    private = store.private[session["id"]]
    customer_id = session["customer"]
    if customer_id is None and (session["mode"] == "subscription" or session["customer_creation"] == "always"):
        customer_id = customers.customer_create(store, {"email": session["customer_email"]}, [])["id"]
        session["customer"] = customer_id
    session["customer_details"] = {"address": None, "business_name": None, "email": session["customer_email"],
                                   "individual_name": None, "name": None, "phone": None, "tax_exempt": "none",
                                   "tax_ids": []}
    if session["mode"] == "payment":
        error = _pay_once(store, session, private, pm)
    else:
        error = _subscribe(store, session, private, pm)
    if error:
        return error
    session.update(status="complete", payment_status="paid")
    store.emit("checkout.session.completed", session, from_request=False)
    return None


def _pay_once(store: Store, session: dict, private: dict, pm: dict) -> Optional[str]:
    data = private["payment_intent_data"]
    intent = store.objects.get(session["payment_intent"] or "")
    if intent is None:
        params = {"amount": session["amount_total"], "currency": session["currency"], "customer": session["customer"],
                  "metadata": data.get("metadata") or {}, "description": data.get("description"),
                  "transfer_data": data.get("transfer_data"), "application_fee_amount": data.get("application_fee_amount"),
                  "transfer_group": data.get("transfer_group"), "capture_method": data.get("capture_method", "automatic"),
                  "receipt_email": data.get("receipt_email")}
        intent = payment_intents.create(store, {k: v for k, v in params.items() if v is not None})
        session["payment_intent"] = intent["id"]
    try:
        payment_intents.confirm(store, intent, pm["id"])
    except StripeAPIError as exc:
        return exc.body["error"]["message"]
    return None


def _subscribe(store: Store, session: dict, private: dict, pm: dict) -> Optional[str]:
    from devstack.stripe_emulator import cards as card_module

    card = card_module.card_of(store, pm)
    if card.decline:
        return card.decline[2]
    customer = store.objects[session["customer"]]
    card_module.attach(store, pm, customer)
    data = private["subscription_data"]
    items = [(store.objects[line["price"]], line["quantity"], {}) for line in private["lines"]
             if store.objects[line["price"]]["recurring"]]
    transfer = data.get("transfer_data")
    one_time = tuple((store.objects[line["price"]], line["quantity"]) for line in private["lines"]
                     if not store.objects[line["price"]]["recurring"])
    sub = subscriptions.create(store, customer=customer, items=items, metadata=data.get("metadata") or {},
                               trial_days=data.get("trial_period_days"), trial_end=data.get("trial_end"),
                               default_pm=pm["id"], description=data.get("description"),
                               transfer_data={"amount_percent": None, "destination": transfer["destination"]}
                               if transfer else None, application_fee_percent=data.get("application_fee_percent"),
                               from_request=False, add_invoice_items=one_time)
    session.update(subscription=sub["id"], invoice=sub["latest_invoice"])
    return None
