"""Products and Prices: create (a Price for a missing Product is refused), retrieve, update, list, search;
a Product with prices cannot be deleted, as on Stripe."""
from __future__ import annotations

from typing import Optional

from devstack.stripe_emulator import currencies, listing, search
from devstack.stripe_emulator.errors import bad_state, invalid, missing
from devstack.stripe_emulator.metadata import changes, merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

PRODUCT_FIELDS = ("name", "description", "active", "images", "url", "unit_label", "statement_descriptor", "shippable")


def product_create(store: Store, params: dict) -> dict:
    if not params.get("name"):
        raise missing("name")
    if params.get("id") and params["id"] in store.objects:
        raise bad_state("Product already exists.", code="resource_already_exists", param="id")
    product = store.new("product", "prod", id=params.get("id"), name=params["name"], active=params.get("active", True),
                        description=params.get("description"), images=params.get("images") or [],
                        url=params.get("url"), unit_label=params.get("unit_label"),
                        statement_descriptor=params.get("statement_descriptor"), shippable=params.get("shippable"),
                        metadata=merged({}, params.get("metadata")), type="service", marketing_features=[])
    product["updated"] = product["created"]
    store.emit("product.created", product)
    if params.get("default_price_data"):
        data = params["default_price_data"]
        price = price_create(store, {**data, "product": product["id"]}, "default_price_data")
        product["default_price"] = price["id"]
    return product


@route("POST", "/v1/products", "ProductCreateParams", ("id", "metadata", "default_price_data.currency",
                                                       "default_price_data.unit_amount", "default_price_data.recurring",
                                                       "default_price_data.metadata") + PRODUCT_FIELDS)
def _product_create(store: Store, params: dict, ids: list[str]) -> dict:
    return product_create(store, params)


@route("GET", "/v1/products/{id}", "ProductRetrieveParams")
def product_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "product", "product")


@route("POST", "/v1/products/{id}", "ProductUpdateParams", ("metadata", "default_price") + PRODUCT_FIELDS)
def product_update(store: Store, params: dict, ids: list[str]) -> dict:
    product = store.live(ids[0], "product", "product")
    updates = {k: (params[k] if params[k] != "" else None) for k in PRODUCT_FIELDS if k in params}
    if "metadata" in params:
        updates["metadata"] = merged(product["metadata"], params["metadata"])
    if params.get("default_price"):
        store.get(params["default_price"], "price", "price", param="default_price")
        updates["default_price"] = params["default_price"]
    previous = changes(product, updates)
    if previous:
        product["updated"] = store.now()
        store.emit("product.updated", product, previous)
    return product


@route("DELETE", "/v1/products/{id}", "ProductDeleteParams")
def product_delete(store: Store, params: dict, ids: list[str]) -> dict:
    product = store.live(ids[0], "product", "product")
    if any(p["product"] == product["id"] for p in store.all("price")):
        raise bad_state("This product cannot be deleted because it has one or more user-created prices.")
    store.objects[product["id"]] = {"id": product["id"], "object": "product", "deleted": True}
    store.emit("product.deleted", product)
    return store.objects[product["id"]]


@route("GET", "/v1/products", "ProductListParams", ("active", "created", "ids", "limit", "starting_after",
                                                     "ending_before", "shippable", "url"))
def product_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("product"), params, "/v1/products", kind="product", fields=("active", "shippable",
                                                                                              "url"),
                        filters={"ids": lambda o, wanted: o["id"] in wanted})


@route("GET", "/v1/products/search", "ProductSearchParams")
def product_search(store: Store, params: dict, ids: list[str]) -> dict:
    return search.search(store.all("product"), params, "/v1/products/search")


def recurring_of(data: Optional[dict], param: str) -> Optional[dict]:
    if not data:
        return None
    count = data.get("interval_count", 1)
    limits = {"day": 1095, "week": 156, "month": 36, "year": 3}
    if not 1 <= count <= limits[data["interval"]]:
        raise invalid(f"{param}[interval_count]", f"Invalid recurring interval_count: the maximum billing period is "
                                                  f"3 years ({limits[data['interval']]} {data['interval']}s).")
    return {"interval": data["interval"], "interval_count": count, "meter": None, "trial_period_days": None,
            "usage_type": data.get("usage_type", "licensed")}


def price_create(store: Store, params: dict, param_prefix: str = "") -> dict:
    def name(p: str) -> str:
        return f"{param_prefix}[{p}]" if param_prefix else p

    currency = currencies.check(params.get("currency", ""), name("currency"))
    product_id = params.get("product")
    if not product_id and not params.get("product_data"):
        raise missing(name("product"))
    if product_id:
        store.live(product_id, "product", "product", param=name("product"))
    else:
        product_id = product_create(store, params["product_data"])["id"]
    if params.get("unit_amount") is None and params.get("unit_amount_decimal") is None:
        raise missing(name("unit_amount"))
    unit = params.get("unit_amount")
    if unit is None:
        unit = int(params["unit_amount_decimal"])
    if unit < 0:
        raise invalid(name("unit_amount"), "This value must be greater than or equal to 0.")
    recurring = recurring_of(params.get("recurring"), name("recurring"))
    price = store.new("price", "price", active=params.get("active", True), currency=currency, unit_amount=unit,
                      unit_amount_decimal=str(unit), product=product_id, type="recurring" if recurring else "one_time",
                      recurring=recurring, billing_scheme="per_unit", tax_behavior=params.get("tax_behavior",
                                                                                              "unspecified"),
                      nickname=params.get("nickname"), lookup_key=params.get("lookup_key"),
                      metadata=merged({}, params.get("metadata")))
    store.emit("price.created", price)
    return price


@route("POST", "/v1/prices", "PriceCreateParams", ("currency", "product", "product_data", "unit_amount",
                                                   "unit_amount_decimal", "recurring.interval",
                                                   "recurring.interval_count", "metadata", "nickname", "lookup_key",
                                                   "active", "tax_behavior"))
def _price_create(store: Store, params: dict, ids: list[str]) -> dict:
    return price_create(store, params)


@route("GET", "/v1/prices/{id}", "PriceRetrieveParams")
def price_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "price", "price")


@route("POST", "/v1/prices/{id}", "PriceUpdateParams", ("active", "metadata", "nickname", "lookup_key",
                                                        "tax_behavior"))
def price_update(store: Store, params: dict, ids: list[str]) -> dict:
    price = store.get(ids[0], "price", "price")
    updates = {k: params[k] or None for k in ("nickname", "lookup_key") if k in params}
    for key in ("active", "tax_behavior"):
        if key in params:
            updates[key] = params[key]
    if "metadata" in params:
        updates["metadata"] = merged(price["metadata"], params["metadata"])
    previous = changes(price, updates)
    if previous:
        store.emit("price.updated", price, previous)
    return price


@route("GET", "/v1/prices", "PriceListParams", ("active", "created", "currency", "limit", "product", "type",
                                                "starting_after", "ending_before", "lookup_keys"))
def price_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("price"), params, "/v1/prices", kind="price",
                        fields=("active", "currency", "product", "type"),
                        filters={"lookup_keys": lambda o, keys: o["lookup_key"] in keys})


@route("GET", "/v1/prices/search", "PriceSearchParams")
def price_search(store: Store, params: dict, ids: list[str]) -> dict:
    return search.search(store.all("price"), params, "/v1/prices/search")


