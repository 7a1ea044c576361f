"""Opaque cursors over DynamoDB's LastEvaluatedKey."""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Generic, Optional, TypeVar

from commerce.errors import InvalidInput

T = TypeVar("T")
MAX_LIMIT = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: Optional[str]


def encode_cursor(last_key: Optional[dict]) -> Optional[str]:
    if not last_key:
        return None
    raw = json.dumps(last_key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: Optional[str]) -> Optional[dict]:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (ValueError, TypeError):
        raise InvalidInput("cursor is not valid: pass back the next_cursor of a previous page") from None
    valid = isinstance(key, dict) and key and all(
        isinstance(v, dict) and len(v) == 1 and isinstance(next(iter(v.values())), str) for v in key.values()
    )
    if not valid:
        raise InvalidInput("cursor is not valid: pass back the next_cursor of a previous page")
    return key


def clamp_limit(limit: Optional[int], default: int = 24) -> int:
    if limit is None:
        return default
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
    return limit
