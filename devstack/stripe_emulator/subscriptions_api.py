"""The Subscriptions and Subscription Items API over subscriptions.py's lifecycle."""
from __future__ import annotations

from devstack.stripe_emulator import cards, listing, search, subscriptions
from devstack.stripe_emulator.errors import bad_state, invalid, missing
from devstack.stripe_emulator.metadata import changes, merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

MODELLED = ("customer", "items.price", "items.price_data", "items.quantity", "items.metadata", "metadata",
            "trial_period_days", "trial_end", "default_payment_method", "collection_method", "days_until_due",
            "payment_behavior", "cancel_at_period_end", "cancel_at", "description", "transfer_data.destination",
            "application_fee_percent")


@route("POST", "/v1/subscriptions", "SubscriptionCreateParams", MODELLED)
def subscription_create(store: Store, params: dict, ids: list[str]) -> dict:
    if not params.get("customer"):
        raise missing("customer")
    customer = store.live(params["customer"], "customer", "customer", param="customer")
    if not params.get("items"):
        raise missing("items")
    items = [(subscriptions.resolve_price(store, item, f"items[{n}]"), item.get("quantity", 1), item.get("metadata") or {})
             for n, item in enumerate(params["items"])]
    trial_end = params.get("trial_end")
    if trial_end == "now":
        trial_end = None
    if isinstance(trial_end, int) and trial_end <= store.now():
        raise invalid("trial_end", "Invalid timestamp: must be an integer Unix timestamp in the future.")
    if params.get("default_payment_method"):
        pm = cards.payment_method(store, params["default_payment_method"], param="default_payment_method")
        params["default_payment_method"] = pm["id"]
    transfer = params.get("transfer_data")
    if transfer:
        from devstack.stripe_emulator import transfers

        transfers._destination(store, transfer["destination"])
    return subscriptions.create(
        store, customer=customer, items=items, metadata=merged({}, params.get("metadata")),
        trial_days=params.get("trial_period_days"), trial_end=trial_end if isinstance(trial_end, int) else None,
        default_pm=params.get("default_payment_method"), collection_method=params.get("collection_method",
                                                                                      "charge_automatically"),
        days_until_due=params.get("days_until_due"), payment_behavior=params.get("payment_behavior", "allow_incomplete"),
        cancel_at_period_end=params.get("cancel_at_period_end", False),
        cancel_at=params.get("cancel_at") if isinstance(params.get("cancel_at"), int) else None,
        description=params.get("description"),
        transfer_data={"amount_percent": None, "destination": transfer["destination"]} if transfer else None,
        application_fee_percent=params.get("application_fee_percent"))


@route("GET", "/v1/subscriptions/{id}", "SubscriptionRetrieveParams")
def subscription_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "subscription", "subscription")


@route("POST", "/v1/subscriptions/{id}", "SubscriptionUpdateParams", ("metadata", "cancel_at_period_end", "cancel_at",
                                                                      "default_payment_method", "description",
                                                                      "trial_end", "cancellation_details"))
def subscription_update(store: Store, params: dict, ids: list[str]) -> dict:
    sub = store.get(ids[0], "subscription", "subscription")
    if sub["status"] in ("canceled", "incomplete_expired"):
        raise bad_state("A canceled subscription can only update its cancellation_details and metadata.")
    updates: dict = {}
    if "cancel_at_period_end" in params:
        updates["cancel_at_period_end"] = params["cancel_at_period_end"]
        updates["canceled_at"] = store.now() if params["cancel_at_period_end"] else None
    if "cancel_at" in params:
        updates["cancel_at"] = params["cancel_at"] or None
    if "description" in params:
        updates["description"] = params["description"] or None
    if params.get("default_payment_method"):
        updates["default_payment_method"] = cards.payment_method(store, params["default_payment_method"],
                                                                 param="default_payment_method")["id"]
    if "metadata" in params:
        updates["metadata"] = merged(sub["metadata"], params["metadata"])
    if params.get("trial_end") == "now" and sub["status"] == "trialing":
        for item in sub["items"]["data"]:
            item["current_period_end"] = store.now()
        updates["trial_end"] = store.now()
    previous = changes(sub, updates)
    if previous:
        store.emit("customer.subscription.updated", sub, previous)
    subscriptions.tick(store)
    return sub


@route("DELETE", "/v1/subscriptions/{id}", "SubscriptionCancelParams", ("cancellation_details", "invoice_now",
                                                                        "prorate"))
def subscription_cancel(store: Store, params: dict, ids: list[str]) -> dict:
    sub = store.get(ids[0], "subscription", "subscription")
    if sub["status"] in ("canceled", "incomplete_expired"):
        raise bad_state("A canceled subscription can only update its cancellation_details and metadata.")
    if params.get("invoice_now") or params.get("prorate"):
        raise invalid("invoice_now" if params.get("invoice_now") else "prorate",
                      "The Stripe emulator does not model final invoices or prorations on cancellation.",
                      "parameter_unsupported_by_emulator")
    details = params.get("cancellation_details") or {}
    return subscriptions.end(store, sub, reason="cancellation_requested", comment=details.get("comment") or None,
                             feedback=details.get("feedback") or None)


@route("GET", "/v1/subscriptions", "SubscriptionListParams", ("created", "customer", "limit", "price", "status",
                                                              "starting_after", "ending_before", "collection_method"))
def subscription_list(store: Store, params: dict, ids: list[str]) -> dict:
    status = params.get("status")
    items = [s for s in store.all("subscription")
             if (status == "all" or (status and s["status"] == status) or (not status and s["status"] != "canceled"))]
    return listing.page(items, params, "/v1/subscriptions", kind="subscription",
                        fields=("customer", "collection_method"),
                        filters={"price": lambda s, p: any(i["price"]["id"] == p for i in s["items"]["data"])})


@route("GET", "/v1/subscriptions/search", "SubscriptionSearchParams")
def subscription_search(store: Store, params: dict, ids: list[str]) -> dict:
    return search.search(store.all("subscription"), params, "/v1/subscriptions/search")


@route("GET", "/v1/subscription_items", "SubscriptionItemListParams", ("subscription", "limit", "starting_after",
                                                                        "ending_before"))
def item_list(store: Store, params: dict, ids: list[str]) -> dict:
    sub = store.get(params["subscription"], "subscription", "subscription", param="subscription")
    return listing.sublist(sub["items"]["data"], params, "/v1/subscription_items")


@route("GET", "/v1/subscription_items/{id}", "SubscriptionItemRetrieveParams")
def item_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "subscription_item", "subscription_item")


@route("POST", "/v1/subscription_items/{id}", "SubscriptionItemUpdateParams", ("metadata", "quantity",
                                                                               "proration_behavior"))
def item_update(store: Store, params: dict, ids: list[str]) -> dict:
    item = store.get(ids[0], "subscription_item", "subscription_item")
    if params.get("proration_behavior", "none") != "none":
        raise invalid("proration_behavior", "The Stripe emulator does not model prorations; pass "
                                            "proration_behavior=none.", "parameter_unsupported_by_emulator")
    sub = store.objects[item["subscription"]]
    previous_items = {"items": {"data": [dict(i) for i in sub["items"]["data"]]}}
    if "quantity" in params:
        item["quantity"] = params["quantity"]
    if "metadata" in params:
        item["metadata"] = merged(item["metadata"], params["metadata"])
    store.emit("customer.subscription.updated", sub, previous_items)
    return item


@route("POST", "/v1/subscription_items", "SubscriptionItemCreateParams", ("subscription", "price", "quantity",
                                                                          "metadata", "proration_behavior"))
def item_create(store: Store, params: dict, ids: list[str]) -> dict:
    if params.get("proration_behavior", "none") != "none":
        raise invalid("proration_behavior", "The Stripe emulator does not model prorations; pass "
                                            "proration_behavior=none.", "parameter_unsupported_by_emulator")
    sub = store.get(params["subscription"], "subscription", "subscription", param="subscription")
    price = subscriptions.resolve_price(store, params, "")
    first = sub["items"]["data"][0]
    if price["recurring"] is None or price["currency"] != sub["currency"] or \
            price["recurring"]["interval"] != first["price"]["recurring"]["interval"]:
        raise invalid("price", "The price must be recurring with the subscription's currency and interval.")
    item = store.new("subscription_item", "si", subscription=sub["id"], price=dict(price),
                     quantity=params.get("quantity", 1), metadata=merged({}, params.get("metadata")),
                     current_period_start=first["current_period_start"], current_period_end=first["current_period_end"])
    previous = {"items": {"data": [dict(i) for i in sub["items"]["data"]]}}
    sub["items"]["data"].append(item)
    sub["items"]["total_count"] = len(sub["items"]["data"])
    store.emit("customer.subscription.updated", sub, previous)
    return item


@route("DELETE", "/v1/subscription_items/{id}", "SubscriptionItemDeleteParams", ("proration_behavior",))
def item_delete(store: Store, params: dict, ids: list[str]) -> dict:
    item = store.get(ids[0], "subscription_item", "subscription_item")
    sub = store.objects[item["subscription"]]
    if len(sub["items"]["data"]) == 1:
        raise bad_state("A subscription must have at least one active plan. To cancel a subscription, please use "
                        "the cancel API endpoint on /v1/subscriptions.")
    previous = {"items": {"data": [dict(i) for i in sub["items"]["data"]]}}
    sub["items"]["data"] = [i for i in sub["items"]["data"] if i["id"] != item["id"]]
    sub["items"]["total_count"] = len(sub["items"]["data"])
    store.objects[item["id"]] = {"id": item["id"], "object": "subscription_item", "deleted": True}
    store.emit("customer.subscription.updated", sub, previous)
    return store.objects[item["id"]]
