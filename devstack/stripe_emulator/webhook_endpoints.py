"""Webhook Endpoints: the API Stripe offers to register where events go (url, enabled_events, `connect` for
events of connected accounts), each with its own signing secret. The emulator's command-line endpoints
(--webhook-url, --connect-webhook-url) are registered the same way at start."""
from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Optional

from devstack.stripe_emulator import listing
from devstack.stripe_emulator.errors import invalid
from devstack.stripe_emulator.metadata import changes, merged
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import API_VERSION, Store


def register(store: Store, *, url: str, secret: Optional[str] = None, connect: bool = False,
             enabled_events: Optional[list[str]] = None, description: Optional[str] = None,
             metadata: Optional[dict] = None, endpoint_id: Optional[str] = None) -> dict:
    endpoint = store.new("webhook_endpoint", "we", id=endpoint_id, account=None, url=url, status="enabled",
                         enabled_events=enabled_events or ["*"], api_version=API_VERSION, description=description,
                         metadata=metadata or {})
    store.private[endpoint["id"]] = {"secret": secret or f"whsec_{secrets.token_hex(16)}", "connect": connect}
    return endpoint


def matching(store: Store, event: dict) -> Iterator[tuple[dict, str]]:
    """(endpoint, signing secret) for every enabled endpoint that wants this event."""
    for endpoint in store.all("webhook_endpoint", account=None):
        private = store.private.get(endpoint["id"], {})
        if endpoint["status"] != "enabled" or bool(private.get("connect")) != bool(event.get("account")):
            continue
        if any(e == "*" or e == event["type"] for e in endpoint["enabled_events"]):
            yield endpoint, private["secret"]


@route("POST", "/v1/webhook_endpoints", "WebhookEndpointCreateParams", ("url", "enabled_events", "connect",
                                                                        "description", "metadata", "api_version"))
def endpoint_create(store: Store, params: dict, ids: list[str]) -> dict:
    if not params.get("url", "").startswith(("http://", "https://")):
        raise invalid("url", "Invalid URL: URL must be publicly accessible and start with http:// or https://.")
    if not params.get("enabled_events"):
        raise invalid("enabled_events", "Missing required param: enabled_events.", "parameter_missing")
    endpoint = register(store, url=params["url"], connect=params.get("connect", False),
                        enabled_events=params["enabled_events"], description=params.get("description"),
                        metadata=merged({}, params.get("metadata")))
    return {**endpoint, "secret": store.private[endpoint["id"]]["secret"]}  # shown once, at creation


@route("GET", "/v1/webhook_endpoints/{id}", "WebhookEndpointRetrieveParams")
def endpoint_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "webhook endpoint", "webhook_endpoint", account=None)


@route("POST", "/v1/webhook_endpoints/{id}", "WebhookEndpointUpdateParams", ("url", "enabled_events", "disabled",
                                                                             "description", "metadata"))
def endpoint_update(store: Store, params: dict, ids: list[str]) -> dict:
    endpoint = store.get(ids[0], "webhook endpoint", "webhook_endpoint", account=None)
    updates = {k: params[k] for k in ("url", "enabled_events", "description") if k in params}
    if "disabled" in params:
        updates["status"] = "disabled" if params["disabled"] else "enabled"
    if "metadata" in params:
        updates["metadata"] = merged(endpoint["metadata"], params["metadata"])
    changes(endpoint, updates)
    return endpoint


@route("DELETE", "/v1/webhook_endpoints/{id}", "WebhookEndpointDeleteParams")
def endpoint_delete(store: Store, params: dict, ids: list[str]) -> dict:
    endpoint = store.get(ids[0], "webhook endpoint", "webhook_endpoint", account=None)
    store.objects[endpoint["id"]] = {"id": endpoint["id"], "object": "webhook_endpoint", "deleted": True}
    return store.objects[endpoint["id"]]


@route("GET", "/v1/webhook_endpoints", "WebhookEndpointListParams", ("limit", "starting_after", "ending_before"))
def endpoint_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("webhook_endpoint", account=None), params, "/v1/webhook_endpoints",
                        kind="webhook endpoint")
