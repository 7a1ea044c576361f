"""Transfers to connected accounts (with `destination`, `transfer_group`, `source_transaction`) and their
reversals. Each transfer creates the connected account's payment (`py_...`) and balance transactions."""
from __future__ import annotations

from typing import Optional

from devstack.stripe_emulator import balance, currencies, listing
from devstack.stripe_emulator.errors import StripeAPIError, bad_state, invalid, missing, no_such
from devstack.stripe_emulator.metadata import changes, merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store


def _destination(store: Store, account_id: str) -> dict:
    account = store.objects.get(account_id)
    if account is None or account.get("object") != "account" or store.owner.get(account_id) is not None \
            or account.get("deleted"):
        raise no_such("destination", account_id, "destination")
    if (account.get("capabilities") or {}).get("transfers") != "active":
        raise StripeAPIError(400, "Your destination account needs to have at least one of the following capabilities "
                                  "enabled: transfers, crypto_transfers, legacy_payments",
                             code="insufficient_capabilities_for_transfer", param="destination")
    return account


def create(store: Store, *, amount: int, currency: str, destination: str, source_transaction: Optional[str] = None,
           transfer_group: Optional[str] = None, description: Optional[str] = None,
           metadata: Optional[dict] = None, fee: int = 0) -> dict:
    _destination(store, destination)
    transfer = store.new("transfer", "tr", account=None, amount=amount, currency=currency, destination=destination,
                         source_transaction=source_transaction, transfer_group=transfer_group,
                         description=description, metadata=metadata or {}, source_type="card")
    transfer["reversals"] = {"object": "list", "data": [], "has_more": False,
                             "url": f"/v1/transfers/{transfer['id']}/reversals"}
    transfer["balance_transaction"] = balance.record(store, account=None, amount=-amount, currency=currency,
                                                     type_="transfer", source=transfer["id"])["id"]
    payment = store.new("charge", "py", account=destination, amount=amount, amount_captured=amount, currency=currency,
                        captured=True, paid=True, status="succeeded", source_transfer=transfer["id"],
                        calculated_statement_descriptor=None, metadata={}, billing_details={
                            "address": None, "email": None, "name": None, "phone": None, "tax_id": None},
                        fraud_details={}, outcome=None, payment_method_details=None)
    payment["refunds"] = {"object": "list", "data": [], "has_more": False, "url": f"/v1/charges/{payment['id']}/refunds"}
    payment["balance_transaction"] = balance.record(
        store, account=destination, amount=amount, currency=currency, type_="payment", source=payment["id"],
        fee=fee, fee_type="application_fee")["id"]
    transfer["destination_payment"] = payment["id"]
    store.emit("transfer.created", transfer, account=None)
    return transfer


def reverse(store: Store, transfer: dict, *, amount: int, source_refund: Optional[str] = None,
            metadata: Optional[dict] = None, description: Optional[str] = None) -> dict:
    payment_refund = store.new("refund", "pyr", account=transfer["destination"], amount=amount,
                               currency=transfer["currency"], charge=transfer["destination_payment"], status="succeeded",
                               metadata={})
    payment_refund["balance_transaction"] = balance.record(
        store, account=transfer["destination"], amount=-amount, currency=transfer["currency"],
        type_="payment_refund", source=payment_refund["id"])["id"]
    reversal = store.new("transfer_reversal", "trr", account=None, amount=amount, currency=transfer["currency"],
                         transfer=transfer["id"], source_refund=source_refund, metadata=metadata or {},
                         destination_payment_refund=payment_refund["id"])
    reversal["balance_transaction"] = balance.record(store, account=None, amount=amount, currency=transfer["currency"],
                                                     type_="transfer_refund", source=reversal["id"])["id"]
    previous = {"amount_reversed": transfer["amount_reversed"], "reversed": transfer["reversed"]}
    transfer["amount_reversed"] += amount
    transfer["reversed"] = transfer["amount_reversed"] >= transfer["amount"]
    transfer["reversals"]["data"].insert(0, reversal)
    transfer["reversals"]["data"] = transfer["reversals"]["data"][:10]
    store.emit("transfer.reversed", transfer, {k: v for k, v in previous.items() if transfer[k] != v}, account=None)
    return reversal


MODELLED = ("amount", "currency", "destination", "source_transaction", "transfer_group", "description", "metadata")


@route("POST", "/v1/transfers", "TransferCreateParams", MODELLED)
def transfer_create(store: Store, params: dict, ids: list[str]) -> dict:
    if "amount" not in params:
        raise missing("amount")
    amount, currency = params["amount"], currencies.check(params["currency"])
    _destination(store, params["destination"])
    if amount <= 0:
        raise invalid("amount", "This value must be greater than or equal to 1.")
    source = params.get("source_transaction")
    if source:
        charge = store.get(source, "charge", "charge", param="source_transaction")
        if charge["status"] != "succeeded":
            raise bad_state("The source transaction has not succeeded.", param="source_transaction")
        if charge["currency"] != currency:
            raise invalid("currency", f"The currency of source_transaction's balance transaction ({charge['currency']}) "
                                      f"must be the same as the transfer currency ({currency}).")
        already = sum(t["amount"] for t in store.all("transfer", account=None) if t["source_transaction"] == source)
        if amount + already > charge["amount_captured"] - charge["amount_refunded"]:
            raise invalid("amount", "The transfer amount exceeds the amount left on the source transaction.",
                          "amount_too_large")
    elif balance.totals(store, None)["available"].get(currency, 0) < amount:
        raise StripeAPIError(400, "You have insufficient available funds in your Stripe account. Try adding funds "
                                  "directly to your available balance by creating Charges using the 4000000000000077 "
                                  "test card, or pass `source_transaction` to transfer funds from a charge.",
                             code="balance_insufficient")
    return create(store, amount=amount, currency=currency, destination=params["destination"], source_transaction=source,
                  transfer_group=params.get("transfer_group"), description=params.get("description"),
                  metadata=merged({}, params.get("metadata")))


@route("GET", "/v1/transfers/{id}", "TransferRetrieveParams")
def transfer_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "transfer", "transfer")


@route("POST", "/v1/transfers/{id}", "TransferUpdateParams", ("description", "metadata"))
def transfer_update(store: Store, params: dict, ids: list[str]) -> dict:
    transfer = store.get(ids[0], "transfer", "transfer")
    updates = {"description": params["description"] or None} if "description" in params else {}
    if "metadata" in params:
        updates["metadata"] = merged(transfer["metadata"], params["metadata"])
    previous = changes(transfer, updates)
    if previous:
        store.emit("transfer.updated", transfer, previous)
    return transfer


@route("GET", "/v1/transfers", "TransferListParams", ("created", "destination", "limit", "starting_after",
                                                       "ending_before", "transfer_group"))
def transfer_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("transfer"), params, "/v1/transfers", kind="transfer",
                        fields=("destination", "transfer_group"))


@route("POST", "/v1/transfers/{id}/reversals", "TransferCreateReversalParams", ("amount", "description", "metadata"))
def reversal_create(store: Store, params: dict, ids: list[str]) -> dict:
    transfer = store.get(ids[0], "transfer", "transfer")
    left = transfer["amount"] - transfer["amount_reversed"]
    amount = params.get("amount", left)
    if amount <= 0 or amount > left:
        raise invalid("amount", f"Transfer reversal amount ({amount}) is greater than the amount left on the "
                                f"transfer ({left}).", "amount_too_large")
    return reverse(store, transfer, amount=amount, metadata=merged({}, params.get("metadata")),
                   description=params.get("description"))


@route("GET", "/v1/transfers/{id}/reversals", "TransferListReversalsParams", ("limit", "starting_after",
                                                                               "ending_before"))
def reversal_list(store: Store, params: dict, ids: list[str]) -> dict:
    transfer = store.get(ids[0], "transfer", "transfer")
    items = [r for r in store.all("transfer_reversal") if r["transfer"] == transfer["id"]]
    return listing.page(items, params, f"/v1/transfers/{transfer['id']}/reversals", kind="transfer reversal")


def _reversal(store: Store, ids: list[str]) -> dict:
    store.get(ids[0], "transfer", "transfer")
    reversal = store.get(ids[1], "transfer reversal", "transfer_reversal")
    if reversal["transfer"] != ids[0]:
        raise no_such("transfer reversal", ids[1])
    return reversal


@route("GET", "/v1/transfers/{id}/reversals/{id}", "TransferRetrieveReversalParams")
def reversal_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return _reversal(store, ids)


@route("POST", "/v1/transfers/{id}/reversals/{id}", "TransferModifyReversalParams", ("metadata",))
def reversal_update(store: Store, params: dict, ids: list[str]) -> dict:
    reversal = _reversal(store, ids)
    reversal["metadata"] = merged(reversal["metadata"], params.get("metadata"))
    return reversal
