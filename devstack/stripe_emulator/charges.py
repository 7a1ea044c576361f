"""Charges: what a PaymentIntent's confirmation creates (succeeded, or failed with the card's decline), and
the Charges API (retrieve, update, list, search, capture)."""
from __future__ import annotations

from typing import Optional

from devstack.stripe_emulator import balance, cards, listing, search
from devstack.stripe_emulator.errors import StripeAPIError, bad_state
from devstack.stripe_emulator.metadata import changes, merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store


def _details(card: cards.TestCard, pm: dict) -> dict:
    info = pm["card"]
    return {"type": "card", "card": {
        "amount_authorized": None, "authorization_code": None, "brand": info["brand"], "checks": info["checks"],
        "country": "US", "exp_month": info["exp_month"], "exp_year": info["exp_year"], "extended_authorization": None,
        "fingerprint": info["fingerprint"], "funding": "credit", "incremental_authorization": None, "installments": None,
        "last4": info["last4"], "mandate": None, "multicapture": None, "network": card.brand,
        "network_token": {"used": False}, "network_transaction_id": None, "overcapture": None,
        "regulated_status": "unregulated", "three_d_secure": None, "wallet": None}}


def attempt(store: Store, intent: dict, pm: dict) -> Optional[dict]:
    """Charge `pm` for the intent. Returns the card error (a last_payment_error), or None when it succeeded."""
    card = cards.card_of(store, pm)
    capture = intent["capture_method"] == "automatic"
    charge = store.new(
        "charge", "ch", account=store.owner.get(intent["id"]), amount=intent["amount"], currency=intent["currency"],
        customer=intent["customer"], payment_intent=intent["id"], payment_method=pm["id"],
        metadata=dict(intent["metadata"]), description=intent["description"],
        billing_details=pm["billing_details"], payment_method_details=_details(card, pm),
        calculated_statement_descriptor="QUORUM", transfer_group=intent["transfer_group"],
        transfer_data=intent["transfer_data"], application_fee_amount=intent["application_fee_amount"],
        on_behalf_of=intent["on_behalf_of"], receipt_email=intent["receipt_email"], fraud_details={},
        receipt_url=f"{store.public_url}/receipts/{intent['id']}", disputed=False)
    charge["refunds"] = {"object": "list", "data": [], "has_more": False, "url": f"/v1/charges/{charge['id']}/refunds"}
    if card.decline:
        code, decline_code, message = card.decline
        charge.update(status="failed", paid=False, captured=False, failure_code=code, failure_message=message,
                      outcome={"advice_code": None, "network_advice_code": None, "network_decline_code": None,
                               "network_status": "declined_by_network", "reason": decline_code, "risk_level": "normal",
                               "risk_score": 32, "seller_message": "The bank did not return any further details "
                               "with this decline.", "type": "issuer_declined"})
        intent["latest_charge"] = charge["id"]
        store.emit("charge.failed", charge)
        return {"advice_code": None, "charge": charge["id"], "code": code, "decline_code": decline_code,
                "doc_url": f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}", "message": message,
                "network_advice_code": None, "network_decline_code": None, "param": None,
                "payment_method": dict(pm), "payment_method_type": "card", "type": "card_error"}
    charge.update(status="succeeded", paid=True, captured=capture, amount_captured=intent["amount"] if capture else 0,
                  outcome={"advice_code": None, "network_advice_code": None, "network_decline_code": None,
                           "network_status": "approved_by_network", "reason": None, "risk_level": "normal",
                           "risk_score": 32, "seller_message": "Payment complete.", "type": "authorized"})
    intent["latest_charge"] = charge["id"]
    if capture:
        settle(store, charge, card.available_at_once)
    store.emit("charge.succeeded", charge)
    return None


def settle(store: Store, charge: dict, at_once: bool = False) -> None:
    """Captured money: the balance transaction, then a destination charge's transfer and application fee."""
    txn = balance.record(store, account=store.owner.get(charge["id"]), amount=charge["amount_captured"],
                         currency=charge["currency"], type_="charge", source=charge["id"],
                         fee=balance.card_fee(charge["amount_captured"]), pending=not at_once)
    charge["balance_transaction"] = txn["id"]
    from devstack.stripe_emulator import destination

    destination.after_capture(store, charge)


@route("GET", "/v1/charges/{id}", "ChargeRetrieveParams")
def charge_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "charge", "charge")


@route("POST", "/v1/charges/{id}", "ChargeUpdateParams", ("description", "metadata", "receipt_email",
                                                           "transfer_group"))
def charge_update(store: Store, params: dict, ids: list[str]) -> dict:
    charge = store.get(ids[0], "charge", "charge")
    updates = {k: params[k] or None for k in ("description", "receipt_email", "transfer_group") if k in params}
    if "metadata" in params:
        updates["metadata"] = merged(charge["metadata"], params["metadata"])
    previous = changes(charge, updates)
    if previous:
        store.emit("charge.updated", charge, previous)
    return charge


@route("POST", "/v1/charges/{id}/capture", "ChargeCaptureParams", ("amount",))
def charge_capture(store: Store, params: dict, ids: list[str]) -> dict:
    charge = store.get(ids[0], "charge", "charge")
    if charge["captured"] or charge["status"] != "succeeded":
        raise bad_state(f"Charge {charge['id']} has already been captured.", code="charge_already_captured")
    from devstack.stripe_emulator import payment_intents

    intent = store.get(charge["payment_intent"], "payment_intent", "payment_intent")
    payment_intents.capture(store, intent, params.get("amount"))
    return charge


@route("GET", "/v1/charges", "ChargeListParams", ("created", "customer", "limit", "payment_intent", "starting_after",
                                                   "ending_before", "transfer_group"))
def charge_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("charge"), params, "/v1/charges", kind="charge",
                        fields=("customer", "payment_intent", "transfer_group"))


@route("GET", "/v1/charges/search", "ChargeSearchParams")
def charge_search(store: Store, params: dict, ids: list[str]) -> dict:
    return search.search(store.all("charge"), params, "/v1/charges/search")


@route("POST", "/v1/charges", "ChargeCreateParams")
def charge_create(store: Store, params: dict, ids: list[str]) -> dict:
    raise StripeAPIError(400, "The Stripe emulator models payments through PaymentIntents (POST /v1/payment_intents "
                              "with confirm=true), as Stripe recommends; the legacy Charges API is not modelled.",
                         code="parameter_unsupported_by_emulator")


