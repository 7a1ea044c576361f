"""Customers: create, retrieve (a deleted one answers its stub), update, delete as Stripe does, list, search."""
from __future__ import annotations

from devstack.stripe_emulator import listing, search
from devstack.stripe_emulator.metadata import changes, merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

FIELDS = ("email", "name", "description", "phone", "address", "shipping", "preferred_locales")
MODELLED = FIELDS + ("metadata", "invoice_settings.default_payment_method", "invoice_prefix", "payment_method")


def _default_payment_method(store: Store, customer: dict, pm_id: str) -> str:
    """The PaymentMethod (attached to the customer if it is not yet), as Stripe resolves test ids like pm_card_visa."""
    from devstack.stripe_emulator import cards

    pm = cards.payment_method(store, pm_id, param="invoice_settings[default_payment_method]")
    if pm["customer"] != customer["id"]:
        cards.attach(store, pm, customer)
    return pm["id"]


@route("POST", "/v1/customers", "CustomerCreateParams", MODELLED)
def customer_create(store: Store, params: dict, ids: list[str]) -> dict:
    customer_id = store.new_id("cus")
    values = {k: params[k] or None for k in FIELDS if k in params}
    customer = store.new("customer", "cus", id=customer_id, **values, metadata=merged({}, params.get("metadata")),
                         invoice_prefix=params.get("invoice_prefix") or customer_id[4:12].upper(),
                         next_invoice_sequence=1, preferred_locales=params.get("preferred_locales") or [],
                         invoice_settings={"custom_fields": None, "default_payment_method": None, "footer": None,
                                           "rendering_options": None})
    if params.get("payment_method"):
        from devstack.stripe_emulator import cards

        cards.attach(store, cards.payment_method(store, params["payment_method"], param="payment_method"), customer)
    default = (params.get("invoice_settings") or {}).get("default_payment_method")
    if default:
        customer["invoice_settings"]["default_payment_method"] = _default_payment_method(store, customer, default)
    store.emit("customer.created", customer)
    return customer


@route("GET", "/v1/customers/{id}", "CustomerRetrieveParams")
def customer_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "customer", "customer")


@route("POST", "/v1/customers/{id}", "CustomerUpdateParams", MODELLED)
def customer_update(store: Store, params: dict, ids: list[str]) -> dict:
    customer = store.live(ids[0], "customer", "customer")
    updates = {k: params[k] or None for k in FIELDS if k in params}
    if "metadata" in params:
        updates["metadata"] = merged(customer["metadata"], params["metadata"])
    if "invoice_prefix" in params:
        updates["invoice_prefix"] = params["invoice_prefix"]
    default = (params.get("invoice_settings") or {}).get("default_payment_method")
    if default is not None:
        pm_id = _default_payment_method(store, customer, default) if default else None
        updates["invoice_settings"] = {**customer["invoice_settings"], "default_payment_method": pm_id}
    previous = changes(customer, updates)
    if previous:
        store.emit("customer.updated", customer, previous)
    return customer


@route("DELETE", "/v1/customers/{id}", "CustomerDeleteParams")
def customer_delete(store: Store, params: dict, ids: list[str]) -> dict:
    """Stripe keeps only a stub: later retrieves answer {"id", "object": "customer", "deleted": true}; lists and
    searches omit it; writes naming it answer "No such customer". Its subscriptions are canceled."""
    customer = store.live(ids[0], "customer", "customer")
    from devstack.stripe_emulator import subscriptions

    for subscription in list(store.all("subscription")):
        if subscription["customer"] == customer["id"] and subscription["status"] not in ("canceled",
                                                                                           "incomplete_expired"):
            subscriptions.end(store, subscription, reason="cancellation_requested")
    store.private.setdefault(customer["id"], {})["before_deletion"] = customer
    stub = {"id": customer["id"], "object": "customer", "deleted": True}
    store.objects[customer["id"]] = stub
    store.emit("customer.deleted", customer)
    return stub


@route("GET", "/v1/customers", "CustomerListParams", ("email", "created", "limit", "starting_after", "ending_before"))
def customer_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("customer"), params, "/v1/customers", kind="customer", fields=("email",))


@route("GET", "/v1/customers/search", "CustomerSearchParams")
def customer_search(store: Store, params: dict, ids: list[str]) -> dict:
    return search.search(store.all("customer"), params, "/v1/customers/search")
