"""Metadata updates as Stripe applies them: keys merge, an empty value removes a key, `metadata=""` clears all."""
from __future__ import annotations

from typing import Any, Optional

from devstack.stripe_emulator.errors import invalid

MAX_KEYS, MAX_KEY, MAX_VALUE = 50, 40, 500


def merged(current: Optional[dict], given: Any) -> dict:
    if given == "":
        return {}
    result = dict(current or {})
    for key, value in (given or {}).items():
        if len(key) > MAX_KEY:
            raise invalid(f"metadata[{key}]", f"Metadata keys can have up to {MAX_KEY} characters.")
        if len(str(value)) > MAX_VALUE:
            raise invalid(f"metadata[{key}]", f"Metadata values can have up to {MAX_VALUE} characters.")
        if value == "":
            result.pop(key, None)
        else:
            result[key] = str(value)
    if len(result) > MAX_KEYS:
        raise invalid("metadata", f"You can have up to {MAX_KEYS} metadata keys.")
    return result


def changes(obj: dict, updates: dict) -> dict:
    """Apply `updates` to `obj`; return previous_attributes (only what changed), as events carry them."""
    previous = {}
    for key, value in updates.items():
        if obj.get(key) != value:
            previous[key] = obj.get(key)
            obj[key] = value
    return previous
