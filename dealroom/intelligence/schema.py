"""The structured output Quorum asks a model for (a tool's JSON schema), and a checker for the subset of JSON
Schema it uses. The schema is cut to the deal: drafts are asked for only when one applies. Pure Python."""
from __future__ import annotations

from typing import Any

from dealroom.domain.deals import MEDDPICC, ROLES

TOOL_NAME = "record_deal_insights"
ACTOR_ROLES = (*ROLES, "seller")


def _text(limit: int) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": limit}


def _object(**properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(properties), "properties": properties}


def insights_schema(*, triggers: tuple[str, ...]) -> dict[str, Any]:
    action = _object(title=_text(200), reason=_text(400),
                     evidence={"type": "array", "minItems": 1, "maxItems": 4, "items": _text(200)},
                     role={"type": "string", "enum": list(ACTOR_ROLES)})
    point = _object(objection=_text(200), response=_text(600),
                    grounded_in={"type": "array", "minItems": 1, "maxItems": 3,
                                 "items": {"type": "string", "enum": list(MEDDPICC)}})
    properties: dict[str, dict[str, Any]] = {
        "summary": _text(400),
        "next_best_actions": {"type": "array", "minItems": 1, "maxItems": 5, "items": action},
        "talking_points": {"type": "array", "minItems": 0, "maxItems": 5, "items": point},
    }
    if triggers:
        draft = _object(trigger={"type": "string", "enum": list(triggers)}, subject=_text(150), body=_text(3000))
        properties["drafts"] = {"type": "array", "minItems": len(triggers), "maxItems": len(triggers), "items": draft}
    return _object(**properties)


_TYPES: dict[str, tuple[type, ...]] = {"object": (dict,), "array": (list,), "string": (str,), "integer": (int,),
                                       "number": (int, float), "boolean": (bool,)}


def problems(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """What is wrong with `value` against `schema` (type, required, additionalProperties, enum, bounds)."""
    kind = schema.get("type")
    if kind and (not isinstance(value, _TYPES[kind]) or (kind in ("integer", "number") and isinstance(value, bool))):
        return [f"{path}: expected {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{path}: {value!r} is not one of {schema['enum']}"]
    found: list[str] = []
    if isinstance(value, dict):
        props = schema.get("properties", {})
        found += [f"{path}: missing {name}" for name in schema.get("required", []) if name not in value]
        if schema.get("additionalProperties") is False:
            found += [f"{path}: unexpected {name}" for name in value if name not in props]
        for name, sub in props.items():
            if name in value:
                found += problems(value[name], sub, f"{path}.{name}")
    elif isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            found.append(f"{path}: {len(value)} items, expected {schema.get('minItems', 0)}-{schema.get('maxItems')}")
        for n, item in enumerate(value):
            found += problems(item, schema.get("items", {}), f"{path}[{n}]")
    elif isinstance(value, str):
        length = len(value) if value.strip() else 0  # blank text counts as empty
        if not schema.get("minLength", 0) <= length <= schema.get("maxLength", length):
            found.append(f"{path}: length {length} outside {schema.get('minLength', 0)}-{schema.get('maxLength')}")
    return found
