"""Time as Quorum uses it: epoch seconds (and ms for ordering), and TTL datetimes. Pure Python."""
from __future__ import annotations

import time
from datetime import UTC, datetime


def now() -> int:
    return int(time.time())


def now_ms() -> int:
    return int(time.time() * 1000)


def ttl(epoch_seconds: int) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, tz=UTC)


def iso(epoch_seconds: int) -> str:
    return datetime.fromtimestamp(epoch_seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
