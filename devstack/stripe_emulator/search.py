"""Stripe's Search Query Language for /v1/<resource>/search: clauses `field:'value'`, `field~'substring'`,
`field>N` (also <, >=, <=), `metadata['key']:'value'`, `-` to negate, `field:null`, joined by AND or by OR
(not both, as Stripe requires). Results page with `page` (an opaque cursor) and `limit`."""
from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from typing import Any

from devstack.stripe_emulator.errors import invalid

_CLAUSE = re.compile(
    r"""^(?P<neg>-)?(?P<field>metadata\[(?P<q>['"])(?P<key>[^'"]+)(?P=q)\]|[a-z_.]+)\s*"""
    r"""(?P<op>:|~|>=|<=|>|<)\s*(?P<value>'[^']*'|"[^"]*"|-?\d+|null)$""")


def _clauses(query: str) -> tuple[str, list[re.Match]]:
    parts_and = re.split(r"\s+AND\s+", query.strip())
    parts_or = re.split(r"\s+OR\s+", query.strip())
    if len(parts_and) > 1 and len(parts_or) > 1:
        raise invalid("query", "Search queries cannot combine AND and OR.")
    joiner, parts = ("OR", parts_or) if len(parts_or) > 1 else ("AND", parts_and)
    found = []
    for part in parts:
        clause = _CLAUSE.match(part.strip())
        if not clause:
            raise invalid("query", f"We were unable to parse your search query. Check the clause near `{part}`.")
        found.append(clause)
    return joiner, found


def _value_of(obj: dict, clause: re.Match) -> Any:
    if clause["key"]:
        return (obj.get("metadata") or {}).get(clause["key"])
    value: Any = obj
    for part in clause["field"].split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value.get("id") if isinstance(value, dict) and "id" in value else value


def _test(obj: dict, clause: re.Match) -> bool:
    raw = clause["value"]
    actual = _value_of(obj, clause)
    op = clause["op"]
    if raw == "null":
        ok = actual is None
    elif raw[0] in "'\"":
        wanted = raw[1:-1]
        text = "" if actual is None else str(actual).lower() if isinstance(actual, bool) else str(actual)
        ok = wanted.lower() in text.lower() if op == "~" else text.lower() == wanted.lower()
    else:
        number = int(raw)
        if not isinstance(actual, (int, float)) or isinstance(actual, bool):
            ok = False
        else:
            ok = {":": actual == number, ">": actual > number, "<": actual < number,
                  ">=": actual >= number, "<=": actual <= number, "~": False}[op]
    return not ok if clause["neg"] else ok


def search(objects: Iterable[dict], params: dict, url: str) -> dict:
    joiner, clauses = _clauses(params["query"])
    combine = any if joiner == "OR" else all
    items = [o for o in objects if combine(_test(o, c) for c in clauses)]
    items.reverse()
    items.sort(key=lambda o: -(o.get("created") or 0))
    limit = params.get("limit", 10)
    start = int(base64.urlsafe_b64decode(params["page"]).decode()) if params.get("page") else 0
    chunk = items[start:start + limit]
    more = len(items) > start + limit
    return {"object": "search_result", "data": chunk, "has_more": more, "url": url,
            "next_page": base64.urlsafe_b64encode(str(start + limit).encode()).decode() if more else None}
