"""A deterministic value for a JSON schema: what the stand-in "model" puts in a tool call or a structured
answer. Numbers and choices come from the request's digest; strings reuse the request's own words (the
n-th value under the same key in a JSON object of the prompt), else name the property and the subject."""
from __future__ import annotations

from typing import Any

MAX_ITEMS = 3


class Filler:
    def __init__(self, *, digest: str, context: dict[str, Any]) -> None:
        self.digest = digest
        self.seed = int(digest[:12], 16)
        self.context = context
        names = [found for k in ("account_name", "account", "name") for found in _strings(context, k)]
        self.subject = names[0] if names else "the request"

    def value(self, schema: dict[str, Any], path: str = "", key: str = "answer", index: int = 0) -> Any:
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            options = schema["enum"]
            return options[(self.seed + index + len(path)) % len(options)]
        for combinator in ("anyOf", "oneOf", "allOf"):
            if schema.get(combinator):
                return self.value(schema[combinator][0], path, key, index)
        kind = schema.get("type", "object" if "properties" in schema else "string")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind == "object":
            return {name: self.value(sub, f"{path}.{name}", name, index)
                    for name, sub in (schema.get("properties") or {}).items()}
        if kind == "array":
            low, high = int(schema.get("minItems", 0)), int(schema.get("maxItems", MAX_ITEMS))
            count = max(low, min(high, MAX_ITEMS))
            return [self.value(schema.get("items") or {}, f"{path}[{n}]", key, n) for n in range(count)]
        if kind in ("integer", "number"):
            low = int(schema.get("minimum", 0))
            high = int(schema.get("maximum", low + 100))
            return low + (self.seed + index) % (high - low + 1)
        if kind == "boolean":
            return bool((self.seed >> (index % 16)) & 1)
        if kind == "null":
            return None
        return self.text(schema, key, index)

    def text(self, schema: dict[str, Any], key: str, index: int) -> str:
        found = _strings(self.context, key)
        text = found[index % len(found)] if found else f"{key.replace('_', ' ').capitalize()} {index + 1} for {self.subject} " \
                                   f"(stand-in {self.digest[:8]})"
        low, high = int(schema.get("minLength", 1)), int(schema.get("maxLength", 4000))
        return (text + "." * max(0, low - len(text)))[:high]


def _strings(node: Any, key: str) -> list[str]:
    """Every non-empty string stored under `key` anywhere in `node`, depth first."""
    found: list[str] = []
    if isinstance(node, dict):
        if isinstance(node.get(key), str) and node[key].strip():
            found.append(node[key])
        children = list(node.values())
    elif isinstance(node, list):
        children = node
    else:
        return found
    for child in children:
        found += _strings(child, key)
    return found


def broken(schema: dict[str, Any], valid: Any) -> Any:
    """A deterministic violation of `schema`: the first required property dropped, the first number made text."""
    if not isinstance(valid, dict):
        return {"unexpected": True}
    bad = dict(valid)
    required = schema.get("required") or list(bad)
    if required:
        bad.pop(required[0], None)
    for name, sub in (schema.get("properties") or {}).items():
        if sub.get("type") in ("integer", "number", "array") and name in bad:
            bad[name] = "high"
            break
    return bad
