"""Application Fees (created by destination or direct charges that set application_fee_amount) and their refunds."""
from __future__ import annotations

from devstack.stripe_emulator import balance, listing
from devstack.stripe_emulator.errors import invalid, no_such
from devstack.stripe_emulator.metadata import merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store


def refund(store: Store, fee: dict, *, amount: int, metadata: dict | None = None) -> dict:
    fee_refund = store.new("fee_refund", "fr", account=None, amount=amount, currency=fee["currency"], fee=fee["id"],
                           metadata=metadata or {})
    fee_refund["balance_transaction"] = balance.record(store, account=None, amount=-amount, currency=fee["currency"],
                                                       type_="application_fee_refund", source=fee_refund["id"])["id"]
    previous = {"amount_refunded": fee["amount_refunded"], "refunded": fee["refunded"]}
    fee["amount_refunded"] += amount
    fee["refunded"] = fee["amount_refunded"] >= fee["amount"]
    fee["refunds"]["data"].insert(0, fee_refund)
    fee["refunds"]["data"] = fee["refunds"]["data"][:10]
    store.emit("application_fee.refunded", fee, {k: v for k, v in previous.items() if fee[k] != v}, account=None)
    return fee_refund


@route("GET", "/v1/application_fees/{id}", "ApplicationFeeRetrieveParams")
def fee_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "application fee", "application_fee")


@route("GET", "/v1/application_fees", "ApplicationFeeListParams", ("charge", "created", "limit", "starting_after",
                                                                   "ending_before"))
def fee_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("application_fee"), params, "/v1/application_fees", kind="application fee",
                        filters={"charge": lambda fee, value: value in (fee["charge"], fee["originating_transaction"])})


@route("POST", "/v1/application_fees/{id}/refunds", "ApplicationFeeCreateRefundParams", ("amount", "metadata"))
def fee_refund_create(store: Store, params: dict, ids: list[str]) -> dict:
    fee = store.get(ids[0], "application fee", "application_fee")
    left = fee["amount"] - fee["amount_refunded"]
    amount = params.get("amount", left)
    if amount <= 0 or amount > left:
        raise invalid("amount", f"Refund amount ({amount}) is greater than the amount left on the application fee "
                                f"({left}).", "amount_too_large")
    return refund(store, fee, amount=amount, metadata=merged({}, params.get("metadata")))


@route("GET", "/v1/application_fees/{id}/refunds", "ApplicationFeeListRefundsParams", ("limit", "starting_after",
                                                                                       "ending_before"))
def fee_refund_list(store: Store, params: dict, ids: list[str]) -> dict:
    fee = store.get(ids[0], "application fee", "application_fee")
    items = [r for r in store.all("fee_refund") if r["fee"] == fee["id"]]
    return listing.page(items, params, f"/v1/application_fees/{fee['id']}/refunds", kind="fee refund")


def _fee_refund(store: Store, ids: list[str]) -> dict:
    store.get(ids[0], "application fee", "application_fee")
    found = store.get(ids[1], "fee refund", "fee_refund")
    if found["fee"] != ids[0]:
        raise no_such("fee refund", ids[1])
    return found


@route("GET", "/v1/application_fees/{id}/refunds/{id}", "ApplicationFeeRetrieveRefundParams")
def fee_refund_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return _fee_refund(store, ids)


@route("POST", "/v1/application_fees/{id}/refunds/{id}", "ApplicationFeeModifyRefundParams", ("metadata",))
def fee_refund_update(store: Store, params: dict, ids: list[str]) -> dict:
    found = _fee_refund(store, ids)
    found["metadata"] = merged(found["metadata"], params.get("metadata"))
    return found
