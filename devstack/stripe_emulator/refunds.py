"""Refunds of a PaymentIntent's or a Charge's captured amount, full or partial, with Connect's
`reverse_transfer` and `refund_application_fee` (proportional, as Stripe does)."""
from __future__ import annotations

from devstack.stripe_emulator import balance, destination, listing
from devstack.stripe_emulator.errors import StripeAPIError, bad_state, missing
from devstack.stripe_emulator.metadata import merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

MODELLED = ("payment_intent", "charge", "amount", "reason", "metadata", "reverse_transfer", "refund_application_fee")


@route("POST", "/v1/refunds", "RefundCreateParams", MODELLED)
def refund_create(store: Store, params: dict, ids: list[str]) -> dict:
    if params.get("payment_intent"):
        intent = store.get(params["payment_intent"], "payment_intent", "payment_intent", param="payment_intent")
        if intent["status"] != "succeeded" or not intent.get("latest_charge"):
            raise bad_state(f"This PaymentIntent ({intent['id']}) does not have a successful charge to refund.",
                            code="charge_not_refundable", param="payment_intent")
        charge = store.objects[intent["latest_charge"]]
    elif params.get("charge"):
        charge = store.get(params["charge"], "charge", "charge", param="charge")
    else:
        raise missing("charge")
    if charge["status"] != "succeeded" or not charge["captured"]:
        raise bad_state(f"Charge {charge['id']} has not been captured and cannot be refunded.",
                        code="charge_not_refundable")
    remaining = charge["amount_captured"] - charge["amount_refunded"]
    amount = params.get("amount", remaining)
    if remaining <= 0:
        raise bad_state(f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded")
    if amount <= 0 or amount > remaining:
        raise StripeAPIError(400, f"Refund amount (${amount / 100:.2f}) is greater than unrefunded amount on charge "
                                  f"(${remaining / 100:.2f})", param="amount", code="amount_too_large")
    destination.check_refund_options(charge, params.get("reverse_transfer"), params.get("refund_application_fee"))
    refund = store.new("refund", "re", amount=amount, charge=charge["id"], currency=charge["currency"],
                       payment_intent=charge["payment_intent"], payment_method=charge["payment_method"],
                       status="succeeded", reason=params.get("reason"),
                       metadata=merged({}, params.get("metadata")), destination_details={
                           "card": {"reference": None, "reference_status": "pending", "reference_type": "acquirer_reference_number",
                                    "type": "refund"}, "type": "card"})
    refund["balance_transaction"] = balance.record(store, account=store.owner.get(charge["id"]), amount=-amount,
                                                   currency=charge["currency"], type_="refund",
                                                   source=refund["id"])["id"]
    destination.on_refund(store, charge, refund, reverse_transfer=bool(params.get("reverse_transfer")),
                          refund_fee=bool(params.get("refund_application_fee")))
    previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] >= charge["amount_captured"]
    charge["refunds"]["data"].insert(0, refund)
    charge["refunds"]["data"] = charge["refunds"]["data"][:10]
    store.emit("refund.created", refund)
    store.emit("charge.refunded", charge, {k: v for k, v in previous.items() if charge[k] != v})
    return refund


@route("GET", "/v1/refunds/{id}", "RefundRetrieveParams")
def refund_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "refund", "refund")


@route("POST", "/v1/refunds/{id}", "RefundUpdateParams", ("metadata",))
def refund_update(store: Store, params: dict, ids: list[str]) -> dict:
    refund = store.get(ids[0], "refund", "refund")
    previous = {"metadata": dict(refund["metadata"])}
    refund["metadata"] = merged(refund["metadata"], params.get("metadata"))
    store.emit("refund.updated", refund, previous)
    return refund


@route("POST", "/v1/refunds/{id}/cancel", "RefundCancelParams")
def refund_cancel(store: Store, params: dict, ids: list[str]) -> dict:
    refund = store.get(ids[0], "refund", "refund")
    if refund["status"] != "requires_action":
        raise bad_state(f"Refund {refund['id']} cannot be canceled because it has a status of {refund['status']}. "
                        "Only a refund with a status of `requires_action` can be canceled.")
    return refund


@route("GET", "/v1/refunds", "RefundListParams", ("charge", "created", "limit", "payment_intent", "starting_after",
                                                   "ending_before"))
def refund_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("refund"), params, "/v1/refunds", kind="refund", fields=("charge", "payment_intent"))
