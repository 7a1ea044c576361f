"""List endpoints as Stripe pages them: newest first, `limit` (1-100, default 10), `starting_after` /
`ending_before` cursors, `created` filters, and equality filters on the object's own fields."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Optional

from devstack.stripe_emulator.errors import invalid, no_such

Filter = Callable[[dict, Any], bool]


def _created(obj: dict, bound: Any) -> bool:
    if isinstance(bound, int):
        return obj.get("created") == bound
    ops = {"gt": lambda a, b: a > b, "gte": lambda a, b: a >= b, "lt": lambda a, b: a < b, "lte": lambda a, b: a <= b}
    return all(ops[op](obj.get("created") or 0, int(value)) for op, value in bound.items())


def page(objects: Iterable[dict], params: dict, url: str, *, kind: str = "object",
         filters: Optional[dict[str, Filter]] = None, fields: tuple[str, ...] = ()) -> dict:
    """`fields`: params that filter by equality on the same-named property (e.g. customer, status)."""
    items = list(objects)
    items.reverse()  # newest first (insertion order is creation order)
    items.sort(key=lambda o: -(o.get("created") or 0))
    for name in fields:
        if params.get(name) not in (None, ""):
            items = [o for o in items if _id_of(o.get(name)) == params[name]]
    if "created" in params:
        items = [o for o in items if _created(o, params["created"])]
    for name, test in (filters or {}).items():
        if params.get(name) not in (None, ""):
            items = [o for o in items if test(o, params[name])]
    limit = params.get("limit", 10)
    if not 1 <= limit <= 100:
        raise invalid("limit", "This value must be greater than or equal to 1 and less than or equal to 100.")
    if params.get("starting_after"):
        items = items[_position(items, params["starting_after"], kind, "starting_after") + 1:]
        return {"object": "list", "data": items[:limit], "has_more": len(items) > limit, "url": url}
    if params.get("ending_before"):
        items = items[:_position(items, params["ending_before"], kind, "ending_before")]
        return {"object": "list", "data": items[-limit:], "has_more": len(items) > limit, "url": url}
    return {"object": "list", "data": items[:limit], "has_more": len(items) > limit, "url": url}


def _id_of(value: Any) -> Any:
    return value.get("id") if isinstance(value, dict) else value


def _position(items: list[dict], object_id: str, kind: str, param: str) -> int:
    for index, obj in enumerate(items):
        if obj["id"] == object_id:
            return index
    raise no_such(kind, object_id, param)


def sublist(data: list[dict], params: dict, url: str) -> dict:
    """A list nested under one object (invoice lines, a transfer's reversals), oldest first as Stripe gives them."""
    limit = params.get("limit", 10)
    items = list(data)
    ids = [o["id"] for o in items]
    if params.get("starting_after") in ids:
        items = items[ids.index(params["starting_after"]) + 1:]
    return {"object": "list", "data": items[:limit], "has_more": len(items) > limit, "url": url}
