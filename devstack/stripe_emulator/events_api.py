"""Events: list (newest first; `type`, `types[]`, `created` filters) and retrieve by id, for the platform or,
with Stripe-Account, for one connected account."""
from __future__ import annotations

from devstack.stripe_emulator import listing
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store


def _type_matches(event: dict, wanted: str) -> bool:
    return event["type"].startswith(wanted[:-1]) if wanted.endswith("*") else event["type"] == wanted


@route("GET", "/v1/events", "EventListParams", ("created", "limit", "starting_after", "ending_before", "type", "types",
                                               "delivery_success"))
def event_list(store: Store, params: dict, ids: list[str]) -> dict:
    return listing.page(store.all("event"), params, "/v1/events", kind="event", filters={
        "type": _type_matches,
        "types": lambda event, types: any(_type_matches(event, t) for t in types),
        "delivery_success": lambda event, ok: (event["pending_webhooks"] == 0) == ok,
    })


@route("GET", "/v1/events/{id}", "EventRetrieveParams")
def event_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return store.get(ids[0], "event", "event")
