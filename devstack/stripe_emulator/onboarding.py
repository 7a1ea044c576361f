"""Account Links and the hosted onboarding page they open. A link works once and for 5 minutes (an expired or
used link redirects to refresh_url, as Stripe's do). On the page a person completes onboarding (the account
gets details_submitted, charges_enabled, payouts_enabled, active capabilities, no requirements due, an
`account.updated` Connect event, and the person goes to return_url) or leaves it (to refresh_url)."""
from __future__ import annotations

import secrets
from typing import Optional

from devstack.stripe_emulator import accounts
from devstack.stripe_emulator.errors import StripeAPIError, invalid
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

LINK_SECONDS = 300


@route("POST", "/v1/account_links", "AccountLinkCreateParams", ("account", "refresh_url", "return_url", "type",
                                                                "collect", "collection_options"))
def account_link_create(store: Store, params: dict, ids: list[str]) -> dict:
    account = store.get(params["account"], "account", "account", param="account", account=None)
    if account.get("deleted"):
        raise StripeAPIError(400, f"The account {account['id']} has been deleted.", param="account")
    for url in ("refresh_url", "return_url"):
        if not params.get(url):
            raise invalid(url, f"Missing required param: {url}.", "parameter_missing")
    if params["type"] == "account_update" and account["type"] != "custom":
        raise invalid("type", "You cannot create `account_update` type Account Links for Express or Standard "
                              "accounts.")
    now = store.now()
    token = secrets.token_urlsafe(18)
    store.private[f"link:{token}"] = {"account": account["id"], "refresh_url": params["refresh_url"],
                                      "return_url": params["return_url"], "expires_at": now + LINK_SECONDS,
                                      "used": False}
    return {"object": "account_link", "created": now, "expires_at": now + LINK_SECONDS,
            "url": f"{store.public_url}/connect/onboarding/{token}"}


def link(store: Store, token: str) -> Optional[dict]:
    return store.private.get(f"link:{token}")


def usable(store: Store, found: dict) -> bool:
    return not found["used"] and found["expires_at"] > store.now()


def complete(store: Store, found: dict, business_name: str = "") -> dict:
    found["used"] = True
    account = store.objects[found["account"]]
    before = {k: account[k] for k in ("charges_enabled", "payouts_enabled", "details_submitted", "capabilities",
                                      "requirements")}
    account.update(charges_enabled=True, payouts_enabled=True, details_submitted=True,
                   capabilities={name: "active" for name in account["capabilities"]},
                   requirements=accounts.requirements([]),
                   tos_acceptance={"date": store.now(), "ip": "127.0.0.1", "user_agent": "Stripe emulator"})
    if business_name:
        before["business_profile"] = dict(account["business_profile"])
        account["business_profile"]["name"] = business_name
    if not account["business_type"]:
        before["business_type"] = None
        account["business_type"] = "company"
    store.emit("account.updated", account, before, account=account["id"], from_request=False)
    return account


def abandon(found: dict) -> None:
    found["used"] = True
