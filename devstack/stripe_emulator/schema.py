"""Request parameters checked against the stripe SDK's generated request types (`stripe.params.*`, generated
from Stripe's OpenAPI spec): unknown parameters, wrong types, bad enum values, hashes given as scalars and
missing required parameters answer 400 as Stripe does; values come back coerced (int, bool, list, dict).
Then `check_modelled` refuses, by name, parameters Stripe accepts but the emulator does not model."""
from __future__ import annotations

import decimal
import functools
import importlib
import re
import sys
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ForwardRef, Optional, Union

from stripe._request_options import RequestOptions

from devstack.stripe_emulator.errors import StripeAPIError, invalid, missing, unknown, unsupported

_REQUEST_OPTIONS = set(RequestOptions.__annotations__)
_INTEGER = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class Type:
    kind: str  # int | bool | str | decimal | float | enum | hash | map | array | union | any
    values: tuple = ()  # enum values
    fields: Optional[dict[str, Type]] = None  # hash fields (resolved lazily)
    required: frozenset = frozenset()
    item: Optional[Type] = None  # array item, map value
    options: tuple = ()  # union alternatives
    emptyable: bool = False  # Literal[''] allowed (unset)


@dataclass
class _HashRef:
    cls: type
    resolved: Optional[Type] = None
    fields: dict = field(default_factory=dict)


def _namespace(cls: type) -> dict:
    module = sys.modules[cls.__module__]
    return {**typing.__dict__, **vars(module)}


def _resolve(raw: Any, ns: dict) -> Type:
    if isinstance(raw, str):
        raw = eval(raw, ns)
    if isinstance(raw, ForwardRef):
        raw = eval(raw.__forward_arg__, ns)
    origin = typing.get_origin(raw)
    args = typing.get_args(raw)
    if origin in (typing.NotRequired, typing.Required):
        return _resolve(args[0], ns)
    if origin is Union or type(raw).__name__ == "UnionType":
        literals, others = [], []
        for arg in args:
            if typing.get_origin(arg) is typing.Literal:
                literals.extend(typing.get_args(arg))
            elif isinstance(arg, (str, ForwardRef)):
                others.append(_resolve(arg, ns))
            else:
                others.append(_resolve(arg, ns))
        emptyable = "" in literals
        values = tuple(v for v in literals if v != "")
        options = [t for t in others if t.kind != "any"] or others
        if values and all(t.kind == "str" for t in options):  # Literal[...]|str: an enum kept open for new versions
            return Type("enum", values=values, emptyable=emptyable)
        if values:
            options = [Type("enum", values=values)] + [t for t in options if t.kind != "str"]
        if len(options) == 1:
            return _replace(options[0], emptyable=emptyable)
        return Type("union", options=tuple(options), emptyable=emptyable)
    if origin is typing.Literal:
        values = tuple(v for v in args if v != "")
        return Type("enum", values=values, emptyable="" in args)
    if origin in (list, list):
        return Type("array", item=_resolve(args[0], ns))
    if origin in (dict, dict):
        return Type("map", item=_resolve(args[1], ns))
    if isinstance(raw, type) and raw.__name__ == "UntypedStripeObject" or getattr(origin, "__name__", "") == "UntypedStripeObject":
        return Type("map", item=Type("str"))
    if raw is int:
        return Type("int")
    if raw is bool:
        return Type("bool")
    if raw is str:
        return Type("str")
    if raw is float:
        return Type("float")
    if raw is decimal.Decimal:
        return Type("decimal")
    if isinstance(raw, type) and hasattr(raw, "__annotations__") and hasattr(raw, "__total__"):
        return hash_type(raw)
    return Type("any")


def _replace(t: Type, **changes: Any) -> Type:
    return Type(**{**t.__dict__, **changes})


_HASHES: dict[type, Type] = {}


def hash_type(cls: type) -> Type:
    """The Type of a TypedDict, fields resolved lazily (recursive types exist in the SDK)."""
    if cls not in _HASHES:
        _HASHES[cls] = Type("hash", fields=_LazyFields(cls), required=frozenset(cls.__required_keys__ - _REQUEST_OPTIONS))
    return _HASHES[cls]


class _LazyFields(dict):
    def __init__(self, cls: type) -> None:
        super().__init__()
        self._cls, self._loaded = cls, False

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            for klass in reversed(self._cls.__mro__):
                ns = _namespace(klass)
                for name, raw in getattr(klass, "__annotations__", {}).items():
                    if name not in _REQUEST_OPTIONS:
                        dict.__setitem__(self, name, _resolve(raw, ns))

    def __contains__(self, key: object) -> bool:
        self._load()
        return dict.__contains__(self, key)

    def __getitem__(self, key: str) -> Type:
        self._load()
        return dict.__getitem__(self, key)

    def keys(self):  # type: ignore[override]
        self._load()
        return dict.keys(self)


@functools.cache
def params_type(name: str) -> Type:
    """`CustomerCreateParams` or `checkout.SessionCreateParams` -> its Type."""
    module_path, _, cls_name = name.rpartition(".")
    module = importlib.import_module("stripe.params" + (f".{module_path}" if module_path else ""))
    return hash_type(getattr(module, cls_name))


def _sub(path: str, key: Any) -> str:
    return f"{path}[{key}]" if path else str(key)


def _enum_message(name: str, values: tuple) -> str:
    listed = ", ".join(values[:-1]) + (f", or {values[-1]}" if len(values) > 1 else values[0])
    return f"Invalid {name}: must be one of {listed}"


def coerce(t: Type, value: Any, path: str) -> Any:
    if t.emptyable and value == "":
        return ""
    kind = t.kind
    if kind == "union":
        shape = "hash" if isinstance(value, dict) else "array" if isinstance(value, list) else "scalar"
        ranked = sorted(t.options, key=lambda o: 0 if _shape(o) == shape else 1)
        error: Optional[StripeAPIError] = None
        for option in ranked:
            try:
                return coerce(option, value, path)
            except StripeAPIError as exc:
                error = error or exc
        raise error  # type: ignore[misc]
    if kind == "hash":
        if not isinstance(value, dict):
            raise invalid(path, "Invalid object", "parameter_invalid")
        out = {}
        for key, item in value.items():
            if key not in t.fields:
                raise unknown(_sub(path, key))
            out[key] = coerce(t.fields[key], item, _sub(path, key))
        for key in sorted(t.required):
            if key not in value:
                raise missing(_sub(path, key))
        return out
    if kind == "map":
        if not isinstance(value, dict):
            raise invalid(path, "Invalid object", "parameter_invalid")
        return {k: coerce(t.item, v, _sub(path, k)) if t.item else v for k, v in value.items()}
    if kind == "array":
        if isinstance(value, dict) and not value:
            return []
        if not isinstance(value, list):
            raise invalid(path, "Invalid array", "parameter_invalid")
        return [coerce(t.item, v, _sub(path, i)) for i, v in enumerate(value)]
    if isinstance(value, (dict, list)):
        raise invalid(path, f"Invalid {'integer' if kind == 'int' else 'boolean' if kind == 'bool' else 'string'}: "
                            f"expected a value, got {'a hash' if isinstance(value, dict) else 'an array'}")
    if kind == "int":
        if not _INTEGER.match(value):
            raise invalid(path, f"Invalid integer: {value}", "parameter_invalid_integer")
        return int(value)
    if kind == "bool":
        if value not in ("true", "false"):
            raise invalid(path, f"Invalid boolean: {value}")
        return value == "true"
    if kind == "decimal":
        try:
            return decimal.Decimal(value)
        except decimal.InvalidOperation:
            raise invalid(path, f"Invalid decimal: {value}") from None
    if kind == "float":
        try:
            return float(value)
        except ValueError:
            raise invalid(path, f"Invalid float: {value}") from None
    if kind == "enum":
        if value not in t.values:
            raise invalid(path, _enum_message(path.rsplit("[", 1)[-1].rstrip("]"), t.values))
        return value
    return value


def _shape(t: Type) -> str:
    return {"hash": "hash", "map": "hash", "array": "array"}.get(t.kind, "scalar")


def validate(params_class: str, params: dict) -> dict:
    """Check and coerce `params` against the SDK's request type named `params_class`."""
    return coerce(params_type(params_class), params, "")


def leaves(value: Any, dotted: str = "", bracketed: str = "") -> Iterator[tuple[str, str]]:
    """(dotted path without list indices, Stripe's bracketed name) for every given parameter."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from leaves(item, f"{dotted}.{key}" if dotted else key, _sub(bracketed, key))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from leaves(item, dotted, _sub(bracketed, index))
    elif dotted:
        yield dotted, bracketed


def check_modelled(params: dict, modelled: Iterable[str]) -> None:
    """Refuse, naming it, any given parameter not covered by `modelled` (dotted paths; a path covers all
    below it). `expand` is always modelled."""
    patterns = tuple(modelled) + ("expand",)
    for dotted, bracketed in leaves(params):
        if not any(dotted == p or dotted.startswith(p + ".") for p in patterns):
            raise unsupported(bracketed)
