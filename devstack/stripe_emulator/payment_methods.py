"""PaymentMethods as Stripe lists and retrieves them: a customer's attached methods (newest first, `type`
filter) and one method by id. Created by the test ids (`pm_card_visa`...) and hosted pages (cards.py)."""
from __future__ import annotations

from devstack.stripe_emulator import listing
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

PAGING = ("limit", "starting_after", "ending_before")


def _of_type(pm: dict, wanted: str) -> bool:
    return pm["type"] == wanted


@route("GET", "/v1/customers/{id}/payment_methods", "CustomerPaymentMethodListParams", ("type",) + PAGING)
def customer_payment_methods(store: Store, params: dict, ids: list[str]) -> dict:
    customer = store.live(ids[0], "customer", "customer")
    attached = [pm for pm in store.all("payment_method") if pm.get("customer") == customer["id"]]
    return listing.page(attached, params, f"/v1/customers/{customer['id']}/payment_methods", kind="payment_method",
                        filters={"type": _of_type})


@route("GET", "/v1/payment_methods", "PaymentMethodListParams", ("customer", "type") + PAGING)
def payment_method_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("payment_method"), params, "/v1/payment_methods", kind="payment_method",
                        fields=("customer",), filters={"type": _of_type})


@route("GET", "/v1/payment_methods/{id}", "PaymentMethodRetrieveParams")
def payment_method_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "PaymentMethod", "payment_method")
