"""`expand[]`: replace ids by the objects they name (dotted paths, `data.` inside lists), and include the
properties Stripe returns only when asked (a Checkout Session's line_items, a customer's subscriptions...)."""
from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from devstack.stripe_emulator.errors import StripeAPIError, invalid
from devstack.stripe_emulator.store import Store

# (object type, property) -> how to produce it when asked for with expand[]
INCLUDABLE: dict[tuple[str, str], Callable[[Store, dict], Any]] = {}
MAX_DEPTH = 4


def includable(object_name: str, prop: str):
    def register(fn: Callable[[Store, dict], Any]):
        INCLUDABLE[(object_name, prop)] = fn
        return fn
    return register


def apply(store: Store, result: Any, paths: list[str]) -> Any:
    for path in paths:
        parts = path.split(".")
        if len(parts) > MAX_DEPTH:
            raise invalid("expand", f"You cannot expand more than {MAX_DEPTH} levels of a property. "
                                    f"Property: {path}")
        _expand(store, result, parts, path)
    return result


def _expand(store: Store, node: Any, parts: list[str], path: str) -> None:
    if isinstance(node, list):
        for item in node:
            _expand(store, item, parts, path)
        return
    if not isinstance(node, dict):
        return
    head, rest = parts[0], parts[1:]
    if node.get("object") in ("list", "search_result") and head == "data":
        for item in node["data"]:
            if rest:
                _expand(store, item, rest, path)
        return
    key = (node.get("object"), head)
    if key in INCLUDABLE and (head not in node or not isinstance(node[head], (dict, list))):
        node[head] = INCLUDABLE[key](store, node)
    elif head not in node:
        raise StripeAPIError(400, f"This property cannot be expanded ({head}).", param="expand")
    value = node[head]
    if isinstance(value, str) and value in store.objects:
        node[head] = value = copy.deepcopy(store.objects[value])
    if rest:
        _expand(store, value, rest, path)
