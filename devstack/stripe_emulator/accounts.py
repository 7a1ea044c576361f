"""Connected accounts (Connect): create (express, standard or custom), retrieve, update, list, delete. A new
account has its capabilities `inactive` and requirements due until onboarding completes (onboarding.py)."""
from __future__ import annotations

from devstack.stripe_emulator import listing
from devstack.stripe_emulator.errors import StripeAPIError, invalid
from devstack.stripe_emulator.metadata import changes, merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

DUE = ["business_profile.mcc", "business_profile.url", "business_type", "external_account", "representative.dob.day",
       "representative.email", "representative.first_name", "representative.last_name", "tos_acceptance.date",
       "tos_acceptance.ip"]
MODELLED = ("type", "country", "email", "capabilities", "business_type", "business_profile.name",
            "business_profile.url", "business_profile.mcc", "business_profile.product_description",
            "business_profile.support_email", "metadata", "default_currency", "controller")


def requirements(due: list[str]) -> dict:
    return {"alternatives": [], "current_deadline": None, "currently_due": list(due), "disabled_reason":
            "requirements.past_due" if due else None, "errors": [], "eventually_due": list(due),
            "past_due": list(due), "pending_verification": []}


def _platform_only(store: Store) -> None:
    from devstack.stripe_emulator import context

    if context.account():
        raise StripeAPIError(400, "Only the platform can manage connected accounts; drop the Stripe-Account header.")


@route("POST", "/v1/accounts", "AccountCreateParams", MODELLED)
def account_create(store: Store, params: dict, ids: list[str]) -> dict:
    _platform_only(store)
    kind = params.get("type")
    controller = params.get("controller")
    if not kind and not controller:
        raise invalid("type", "You must specify a `type` (express, standard or custom) or `controller` properties.")
    kind = kind or "custom"
    requested = [name for name, value in (params.get("capabilities") or {}).items() if value.get("requested")]
    if kind in ("express", "standard") and not requested:
        requested = ["card_payments", "transfers"]
    country = (params.get("country") or "US").upper()
    profile = params.get("business_profile") or {}
    account = store.new(
        "account", "acct", account=None, type=kind, country=country, email=params.get("email"),
        business_type=params.get("business_type"), charges_enabled=False, payouts_enabled=False,
        details_submitted=False, default_currency=params.get("default_currency", "usd"),
        metadata=merged({}, params.get("metadata")), capabilities={name: "inactive" for name in requested},
        requirements=requirements(DUE), future_requirements=requirements([]),
        business_profile={"annual_revenue": None, "estimated_worker_count": None, "mcc": profile.get("mcc"),
                          "minority_owned_business_designation": None, "monthly_estimated_revenue": None,
                          "name": profile.get("name"), "product_description": profile.get("product_description"),
                          "support_address": None, "support_email": profile.get("support_email"),
                          "support_phone": None, "support_url": None, "url": profile.get("url")},
        controller={"fees": {"payer": "application" if kind != "standard" else "account"}, "is_controller": True,
                    "losses": {"payments": "application" if kind != "standard" else "stripe"},
                    "requirement_collection": "stripe" if kind != "custom" else "application",
                    "stripe_dashboard": {"type": {"express": "express", "standard": "full"}.get(kind, "none")},
                    "type": "application"},
        settings={"payouts": {"debit_negative_balances": True, "schedule": {"delay_days": 2, "interval": "daily"},
                              "statement_descriptor": None}},
        tos_acceptance={"date": None, "ip": None, "user_agent": None})
    account["external_accounts"] = {"object": "list", "data": [], "has_more": False, "total_count": 0,
                                    "url": f"/v1/accounts/{account['id']}/external_accounts"}
    return account


@route("GET", "/v1/accounts/{id}", "AccountRetrieveParams")
def account_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "account", "account", account=None)


@route("GET", "/v1/account", "AccountRetrieveParams")
def account_self(store: Store, params: dict, ids: list[str]) -> dict:
    from devstack.stripe_emulator import context

    if context.account():
        return store.get(context.account(), "account", "account", account=None)
    return {"id": "acct_quorumemulatorplatform", "object": "account", "type": "standard", "country": "US",
            "charges_enabled": True, "payouts_enabled": True, "details_submitted": True, "email": None,
            "default_currency": "usd", "metadata": {}, "settings": None, "capabilities": {}, "created": 0}


@route("POST", "/v1/accounts/{id}", "AccountUpdateParams", ("email", "metadata", "business_type",
                                                            "business_profile.name", "business_profile.url",
                                                            "business_profile.mcc",
                                                            "business_profile.product_description",
                                                            "business_profile.support_email", "capabilities",
                                                            "default_currency"))
def account_update(store: Store, params: dict, ids: list[str]) -> dict:
    _platform_only(store)
    account = store.get(ids[0], "account", "account", account=None)
    updates: dict = {k: params[k] for k in ("email", "business_type", "default_currency") if k in params}
    if "metadata" in params:
        updates["metadata"] = merged(account["metadata"], params["metadata"])
    if params.get("business_profile"):
        updates["business_profile"] = {**account["business_profile"], **params["business_profile"]}
    if params.get("capabilities"):
        capabilities = dict(account["capabilities"])
        for name, value in params["capabilities"].items():
            if value.get("requested"):
                capabilities.setdefault(name, "active" if account["details_submitted"] else "inactive")
            else:
                capabilities.pop(name, None)
        updates["capabilities"] = capabilities
    previous = changes(account, updates)
    if previous:
        store.emit("account.updated", account, previous, account=account["id"])
    return account


@route("DELETE", "/v1/accounts/{id}", "AccountDeleteParams")
def account_delete(store: Store, params: dict, ids: list[str]) -> dict:
    _platform_only(store)
    account = store.get(ids[0], "account", "account", account=None)
    if account.get("deleted"):
        return account
    store.objects[account["id"]] = {"id": account["id"], "object": "account", "deleted": True}
    return store.objects[account["id"]]


@route("GET", "/v1/accounts", "AccountListParams", ("created", "limit", "starting_after", "ending_before"))
def account_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("account", account=None), params, "/v1/accounts", kind="account")
