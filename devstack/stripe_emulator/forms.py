"""Stripe's form encoding: `a[b][0][c]=v` nests into dicts and lists. A key that is used both as a scalar
and as a hash (or list) is malformed: Stripe answers 400, so do we (never a dropped connection)."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from devstack.stripe_emulator.errors import StripeAPIError

_PART = re.compile(r"\[([^\]]*)\]")


def malformed(param: str) -> StripeAPIError:
    return StripeAPIError(400, f"Invalid request: `{param}` is given both as a value and as a hash or array.",
                          param=param, code="parameter_invalid")


def parse(body: str) -> dict[str, Any]:
    root: dict[str, Any] = {}
    try:
        pairs = parse_qsl(body, keep_blank_values=True, strict_parsing=False)
    except ValueError as exc:
        raise StripeAPIError(400, f"Invalid request body: {exc}") from None
    for key, value in pairs:
        head = key.split("[", 1)[0]
        rest = key[len(head):]
        parts = [head] + _PART.findall(rest)
        if not head or "".join(f"[{p}]" for p in parts[1:]) != rest:
            raise StripeAPIError(400, f"Invalid parameter name: {key}", param=key, code="parameter_invalid")
        _assign(root, parts, value, key)
    return _listify(root)


def _assign(node: dict, parts: list[str], value: str, key: str) -> None:
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "":  # a[]=x appends
            part = str(len(node))
        if last:
            if isinstance(node.get(part), dict):
                raise malformed(key.split("[", 1)[0])
            node[part] = value
        else:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise malformed(key.split("[", 1)[0])
            node = child


def _listify(node: Any) -> Any:
    """Dicts whose keys are 0..n-1 become lists, recursively."""
    if not isinstance(node, dict):
        return node
    node = {k: _listify(v) for k, v in node.items()}
    if node and all(k.isdigit() for k in node) and sorted(int(k) for k in node) == list(range(len(node))):
        return [node[str(i)] for i in range(len(node))]
    return node
