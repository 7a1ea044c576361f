"""Typed, versioned domain events: the one event model every subscriber reads (browsers through the
realtime gateway, vendors through the CRM fan-out, the intelligence engine, the admin's activity log).

Each event type is a frozen dataclass whose every field declares who may see it (an allowlist):
- MEMBERS: every member of the deal's committee;
- PRICES:  members whose role may see prices (and staff);
- STAFF:   Quorum's own staff and systems only (never a committee member).
A new field without a declared audience is an error at import time, so nothing leaks by default.
Each field also has a kind, for what leaves Quorum (the CRM fan-out's per-vendor allowlists):
- PLAIN:    business facts (the default);
- CONTACT:  a person's contact details (an email): only vendors that must match people get them;
- INTERNAL: staff's own notes: only vendors configured for them;
- SECRET:   credentials (session or invitation tokens): never leave Quorum.
`as_payload(audience, kinds=...)` is the one place an event is turned into data for someone. Pure Python.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Optional, Union, get_args, get_origin, get_type_hints

MEMBERS, PRICES, STAFF = "members", "prices", "staff"
AUDIENCES = (MEMBERS, PRICES, STAFF)
PLAIN, CONTACT, INTERNAL, SECRET = "plain", "contact", "internal", "secret"
KINDS = (PLAIN, CONTACT, INTERNAL, SECRET)
_RANK = {MEMBERS: 0, PRICES: 1, STAFF: 2}

_REGISTRY: dict[str, type[Event]] = {}


def seen_by(audience: str, *, kind: str = PLAIN, **kwargs: Any) -> Any:
    """A dataclass field visible to `audience` and everyone above it (members < prices < staff), of `kind`."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return field(metadata={"audience": audience, "kind": kind}, **kwargs)


@dataclass(frozen=True)
class Event:
    """Base of every event type. Subclasses set TYPE (dotted, stable), LABEL (for people), SOURCE
    (`quorum.dealroom` / `quorum.commerce`), DETAIL_TYPE (EventBridge's human name; DETAIL_TYPES lists the
    variants when `detail_type()` names the occurrence more precisely, "Order Paid" say) and VERSION (bumped
    when a field changes meaning or is removed; adding an optional field keeps it)."""

    TYPE: ClassVar[str] = ""
    LABEL: ClassVar[str] = ""
    SOURCE: ClassVar[str] = ""
    DETAIL_TYPE: ClassVar[str] = ""
    DETAIL_TYPES: ClassVar[tuple[str, ...]] = ()
    VERSION: ClassVar[int] = 1

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.TYPE:
            if cls.TYPE in _REGISTRY and _REGISTRY[cls.TYPE].__qualname__ != cls.__qualname__:
                raise TypeError(f"event type {cls.TYPE!r} is declared twice")
            _REGISTRY[cls.TYPE] = cls

    @classmethod
    def audiences(cls) -> dict[str, str]:
        """field -> the lowest audience that may see it."""
        found = {}
        for f in fields(cls):
            audience = f.metadata.get("audience")
            if audience not in AUDIENCES:
                raise TypeError(f"{cls.__name__}.{f.name} declares no audience: use seen_by(...)")
            found[f.name] = audience
        return found

    @classmethod
    def kinds(cls) -> dict[str, str]:
        """field -> its kind (PLAIN unless declared)."""
        return {f.name: f.metadata.get("kind", PLAIN) for f in fields(cls)}

    @classmethod
    def detail_types(cls) -> tuple[str, ...]:
        """Every EventBridge detail-type this event can be published under."""
        return cls.DETAIL_TYPES or (cls.DETAIL_TYPE,)

    def detail_type(self) -> str:
        """The detail-type of this occurrence (one of `detail_types()`)."""
        return self.DETAIL_TYPE

    def as_payload(self, audience: str, *, kinds: Optional[frozenset[str]] = None) -> dict[str, Any]:
        """The fields `audience` may see (STAFF sees all), and of those only the `kinds` given (all when None).
        The one serialization point."""
        rank = _RANK[audience]
        of_kind = self.kinds()
        return {name: _plain(getattr(self, name)) for name, lowest in self.audiences().items()
                if _RANK[lowest] <= rank and (kinds is None or of_kind[name] in kinds)}

    def summary(self) -> str:
        """One sentence for the activity log, from what every member may see."""
        return self.LABEL

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Event:
        """Rebuild from a stored payload: unknown keys (older shapes) are dropped, missing ones default."""
        known = {f.name: f for f in fields(cls)}
        values = {name: value for name, value in payload.items() if name in known}
        for name, f in known.items():
            if name not in values and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                values[name] = None
        return cls(**values)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def registry() -> dict[str, type[Event]]:
    return dict(sorted(_REGISTRY.items()))


def event_class(event_type: str) -> Optional[type[Event]]:
    return _REGISTRY.get(event_type)


def labels() -> dict[str, str]:
    """type -> label, for pages and scripts (json_script), so labels are declared once."""
    return {name: cls.LABEL for name, cls in registry().items()}


# --- JSON Schema (docs/events/, the contract the CRM fan-out publishes) --------------------------------

_JSON = {str: "string", int: "integer", bool: "boolean", float: "number", dict: "object", list: "array"}


def _schema_of(annotation: Any) -> dict[str, Any]:
    origin = get_origin(annotation)
    if origin is Union:
        options = [a for a in get_args(annotation) if a is not type(None)]
        inner = _schema_of(options[0]) if len(options) == 1 else {"anyOf": [_schema_of(a) for a in options]}
        return {"anyOf": [inner, {"type": "null"}]} if type(None) in get_args(annotation) else inner
    if origin in (list, tuple):
        args = [a for a in get_args(annotation) if a is not Ellipsis]
        return {"type": "array", "items": _schema_of(args[0])} if args else {"type": "array"}
    if origin is dict or annotation is dict:
        return {"type": "object"}
    if annotation in _JSON:
        return {"type": _JSON[annotation]}
    return {}


def json_schema(cls: type[Event]) -> dict[str, Any]:
    """The JSON Schema of one event type as published to vendors: the envelope and its full payload."""
    hints = get_type_hints(cls)
    properties = {}
    for f in fields(cls):
        prop = _schema_of(hints[f.name])
        prop["x-audience"] = f.metadata["audience"]
        if f.metadata.get("kind", PLAIN) != PLAIN:
            prop["x-kind"] = f.metadata["kind"]  # withheld from vendors that may not receive this kind
        properties[f.name] = prop
    required = sorted(f.name for f in fields(cls) if f.metadata.get("kind", PLAIN) == PLAIN
                      and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"quorum:{cls.TYPE}:v{cls.VERSION}",
        "title": cls.DETAIL_TYPE or cls.LABEL,
        "description": (cls.__doc__ or "").strip(),
        "type": "object",
        "required": ["type", "version", "source", "id", "occurred_at", "payload"],
        "properties": {
            "type": {"const": cls.TYPE},
            "version": {"const": cls.VERSION},
            "source": {"const": cls.SOURCE},
            "detail_type": {"enum": list(cls.detail_types())},
            "id": {"type": "string", "description": "unique per event: a consumer deduplicates on it"},
            # observability metadata (issue 17): the request, Stripe event or stream record that caused it
            "correlation_id": {"type": ["string", "null"],
                               "description": "what caused the event (an HTTP request id, a Stripe event id); "
                                              "the same id is on its log lines and its X-Ray trace"},
            "occurred_at": {"type": "string", "format": "date-time"},
            "republished_at": {"type": "string", "format": "date-time",
                               "description": "set when staff put the event on the bus again"},
            "subject": {"type": "object", "description": "what the event is about (a deal, a deal's score, an "
                        "order, a subscription, a vendor, a vendor's share of an order: `<order>:<vendor>`) and its "
                        "position there (a deal's event seq, a score's revision, an order's version, a Stripe "
                        "event time, a share's version): apply in that order",
                        "required": ["kind", "id", "position"],
                        "properties": {"kind": {"enum": ["deal", "deal_score", "order", "subscription", "vendor",
                                                         "vendor_share", "person"]},
                                       "id": {"type": "string"}, "position": {"type": "integer"}}},
            "payload": {"type": "object", "properties": properties, "required": required,
                        "additionalProperties": False},
        },
    }
