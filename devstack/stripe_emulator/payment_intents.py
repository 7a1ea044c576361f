"""PaymentIntents: create, confirm with a (test) PaymentMethod, capture, cancel, update, list, search. A declined
card fails the Charge (charge.failed, payment_intent.payment_failed) and answers 402 card_error with the
PaymentIntent in the error, as Stripe does. Connect fields: transfer_data, application_fee_amount, transfer_group,
on_behalf_of; with Stripe-Account the PaymentIntent belongs to the connected account (a direct charge)."""
from __future__ import annotations

import copy
from typing import Optional

from devstack.stripe_emulator import cards, charges, currencies, listing, search
from devstack.stripe_emulator.errors import bad_state, card_error, invalid
from devstack.stripe_emulator.metadata import changes, merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

CONNECT = ("transfer_data", "application_fee_amount", "transfer_group", "on_behalf_of")
MODELLED = ("amount", "currency", "customer", "description", "metadata", "payment_method", "payment_method_types",
            "automatic_payment_methods", "capture_method", "confirm", "receipt_email", "statement_descriptor",
            "statement_descriptor_suffix", "return_url", "off_session") + CONNECT
MINIMUM = 50


def create(store: Store, params: dict) -> dict:
    amount, currency = params["amount"], currencies.check(params["currency"])
    if amount < MINIMUM and currency not in currencies.ZERO_DECIMAL:
        raise invalid("amount", f"Amount must be at least {MINIMUM} cents", "amount_too_small")
    if params.get("customer"):
        store.live(params["customer"], "customer", "customer", param="customer")
    transfer_data = params.get("transfer_data")
    if transfer_data:
        from devstack.stripe_emulator import transfers

        transfers._destination(store, transfer_data["destination"])
        if transfer_data.get("amount") is not None and transfer_data["amount"] > amount:
            raise invalid("transfer_data[amount]", "The transfer amount cannot be greater than the charge amount.")
    fee = params.get("application_fee_amount")
    if fee is not None and not transfer_data and not store_account(store):
        raise invalid("application_fee_amount", "Can only apply an application_fee_amount when the PaymentIntent is "
                                                "attempting a direct payment (using an OAuth key or Stripe-Account "
                                                "header) or destination payment (using `transfer_data[destination]`).")
    if fee is not None and fee > amount:
        raise invalid("application_fee_amount", "The application fee cannot be greater than the amount.")
    methods = params.get("payment_method_types") or ["card"]
    if any(m != "card" for m in methods):
        raise invalid("payment_method_types", "The Stripe emulator models card payments only.",
                      "parameter_unsupported_by_emulator")
    intent = store.new(
        "payment_intent", "pi", amount=amount, currency=currency, customer=params.get("customer"),
        description=params.get("description"), metadata=merged({}, params.get("metadata")),
        capture_method=params.get("capture_method", "automatic_async"), confirmation_method="automatic",
        payment_method_types=methods, status="requires_payment_method", receipt_email=params.get("receipt_email"),
        transfer_data={"amount": transfer_data.get("amount"), "destination": transfer_data["destination"]}
        if transfer_data else None, application_fee_amount=fee, transfer_group=params.get("transfer_group"),
        on_behalf_of=params.get("on_behalf_of"), statement_descriptor=params.get("statement_descriptor"),
        statement_descriptor_suffix=params.get("statement_descriptor_suffix"),
        automatic_payment_methods={"allow_redirects": "always", "enabled": True}
        if (params.get("automatic_payment_methods") or {}).get("enabled") else None,
        amount_details={"tip": {}}, payment_method_options={"card": {
            "installments": None, "mandate_options": None, "network": None, "request_three_d_secure": "automatic"}})
    intent["capture_method"] = "automatic" if intent["capture_method"] == "automatic_async" else intent["capture_method"]
    intent["client_secret"] = f"{intent['id']}_secret_{store.new_id('s')[2:14]}"
    if params.get("payment_method"):
        intent["payment_method"] = cards.payment_method(store, params["payment_method"])["id"]
        intent["status"] = "requires_confirmation"
    store.emit("payment_intent.created", intent)
    return intent


def store_account(store: Store) -> Optional[str]:
    from devstack.stripe_emulator import context

    return context.account()


def confirm(store: Store, intent: dict, pm_id: Optional[str]) -> dict:
    if intent["status"] not in ("requires_payment_method", "requires_confirmation", "requires_action"):
        raise bad_state(f"This PaymentIntent's status is {intent['status']}; it cannot be confirmed.",
                        code="payment_intent_unexpected_state")
    pm_id = pm_id or intent["payment_method"]
    if not pm_id:
        raise bad_state("You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the "
                        "PaymentIntent with cus, specify a payment method attached to this customer along with the "
                        "customer ID.", code="payment_intent_unexpected_state", param="payment_method")
    pm = cards.payment_method(store, pm_id)
    previous_status = intent["status"]
    intent["payment_method"] = pm["id"]
    error = charges.attempt(store, intent, pm)
    if error:
        intent.update(status="requires_payment_method", last_payment_error=error, payment_method=None)
        store.emit("payment_intent.payment_failed", intent, {"status": previous_status})
        raise card_error(error["message"], code=error["code"], decline_code=error["decline_code"],
                         extra={"charge": error["charge"], "payment_method": error["payment_method"],
                                "payment_intent": copy.deepcopy(intent), "payment_method_type": "card",
                                "request_log_url": None})
    intent["last_payment_error"] = None
    if intent["capture_method"] == "manual":
        intent.update(status="requires_capture", amount_capturable=intent["amount"])
        store.emit("payment_intent.amount_capturable_updated", intent)
    else:
        intent.update(status="succeeded", amount_received=intent["amount"])
        store.emit("payment_intent.succeeded", intent, {"status": previous_status})
    return intent


def capture(store: Store, intent: dict, amount: Optional[int]) -> dict:
    if intent["status"] != "requires_capture":
        raise bad_state(f"This PaymentIntent could not be captured because it has a status of {intent['status']}. "
                        "Only a PaymentIntent with one of the following statuses may be captured: requires_capture.",
                        code="payment_intent_unexpected_state")
    amount = intent["amount"] if amount is None else amount
    if not 0 < amount <= intent["amount"]:
        raise invalid("amount_to_capture", "The amount to capture must be between 1 and the authorized amount.")
    charge = store.objects[intent["latest_charge"]]
    charge.update(captured=True, amount_captured=amount)
    if amount < charge["amount"]:
        charge["amount_refunded"] = charge["amount"] - amount
    charges.settle(store, charge)
    store.emit("charge.captured", charge)
    intent.update(status="succeeded", amount_received=amount, amount_capturable=0)
    store.emit("payment_intent.succeeded", intent, {"status": "requires_capture"})
    return intent


@route("POST", "/v1/payment_intents", "PaymentIntentCreateParams", MODELLED)
def intent_create(store: Store, params: dict, ids: list[str]) -> dict:
    intent = create(store, params)
    if params.get("confirm"):
        confirm(store, intent, None)
    return intent


@route("GET", "/v1/payment_intents/{id}", "PaymentIntentRetrieveParams", ("client_secret",))
def intent_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "payment_intent", "payment_intent")


@route("POST", "/v1/payment_intents/{id}", "PaymentIntentUpdateParams",
       ("amount", "currency", "customer", "description", "metadata", "payment_method", "receipt_email",
        "transfer_group", "application_fee_amount", "transfer_data", "statement_descriptor"))
def intent_update(store: Store, params: dict, ids: list[str]) -> dict:
    intent = store.get(ids[0], "payment_intent", "payment_intent")
    money = {"amount", "currency", "customer", "payment_method", "application_fee_amount", "transfer_data"}
    if money & set(params) and intent["status"] not in ("requires_payment_method", "requires_confirmation"):
        raise bad_state(f"This PaymentIntent's {sorted(money & set(params))[0]} could not be updated because it has "
                        f"a status of {intent['status']}.", code="payment_intent_unexpected_state")
    updates = {k: params[k] or None for k in ("description", "receipt_email", "transfer_group",
                                              "statement_descriptor") if k in params}
    for key in ("amount", "application_fee_amount"):
        if key in params:
            updates[key] = params[key]
    if "currency" in params:
        updates["currency"] = currencies.check(params["currency"])
    if "customer" in params:
        store.live(params["customer"], "customer", "customer", param="customer")
        updates["customer"] = params["customer"]
    if "payment_method" in params:
        updates["payment_method"] = cards.payment_method(store, params["payment_method"])["id"]
    if "metadata" in params:
        updates["metadata"] = merged(intent["metadata"], params["metadata"])
    previous = changes(intent, updates)
    if previous:
        store.emit("payment_intent.updated", intent, previous)
    return intent


@route("POST", "/v1/payment_intents/{id}/confirm", "PaymentIntentConfirmParams",
       ("payment_method", "return_url", "receipt_email", "off_session"))
def intent_confirm(store: Store, params: dict, ids: list[str]) -> dict:
    return confirm(store, store.get(ids[0], "payment_intent", "payment_intent"), params.get("payment_method"))


@route("POST", "/v1/payment_intents/{id}/capture", "PaymentIntentCaptureParams", ("amount_to_capture", "metadata"))
def intent_capture(store: Store, params: dict, ids: list[str]) -> dict:
    intent = store.get(ids[0], "payment_intent", "payment_intent")
    if "metadata" in params:
        intent["metadata"] = merged(intent["metadata"], params["metadata"])
    return capture(store, intent, params.get("amount_to_capture"))


@route("POST", "/v1/payment_intents/{id}/cancel", "PaymentIntentCancelParams", ("cancellation_reason",))
def intent_cancel(store: Store, params: dict, ids: list[str]) -> dict:
    intent = store.get(ids[0], "payment_intent", "payment_intent")
    if intent["status"] in ("succeeded", "canceled", "processing"):
        raise bad_state(f"You cannot cancel this PaymentIntent because it has a status of {intent['status']}. Only a "
                        "PaymentIntent with one of the following statuses may be canceled: requires_payment_method, "
                        "requires_capture, requires_confirmation, requires_action.",
                        code="payment_intent_unexpected_state")
    previous = intent["status"]
    intent.update(status="canceled", canceled_at=store.now(),
                  cancellation_reason=params.get("cancellation_reason", "requested_by_customer"))
    if previous == "requires_capture":
        charge = store.objects[intent["latest_charge"]]
        charge.update(amount_refunded=charge["amount"], refunded=True)
    store.emit("payment_intent.canceled", intent, {"status": previous})
    return intent


@route("GET", "/v1/payment_intents", "PaymentIntentListParams", ("created", "customer", "limit", "starting_after",
                                                                 "ending_before"))
def intent_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("payment_intent"), params, "/v1/payment_intents", kind="payment_intent",
                        fields=("customer",))


@route("GET", "/v1/payment_intents/search", "PaymentIntentSearchParams")
def intent_search(store: Store, params: dict, ids: list[str]) -> dict:
    return search.search(store.all("payment_intent"), params, "/v1/payment_intents/search")


