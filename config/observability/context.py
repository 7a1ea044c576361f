"""What every log line, trace and published event of one unit of work shares: its correlation id (the HTTP
request's X-Correlation-ID or the Lambda request id, a Stripe event id, a stream record's origin) and
whether it runs in the process's first invocation (a cold start). Context variables, so threads and
asyncio tasks each keep their own. Standard library only."""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Optional

_correlation: ContextVar[Optional[str]] = ContextVar("quorum_correlation_id", default=None)
_cold = True  # until the first request, stream batch or scheduled run of this process has finished

# What an id from outside (a header) may look like: short, no spaces or markup, nothing to inject into logs.
_USABLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$")


def usable(value: Optional[str]) -> Optional[str]:
    """`value` if it can serve as a correlation id as given, else None."""
    return value if value and _USABLE.match(value) else None


def new_id() -> str:
    return uuid.uuid4().hex


def correlation_id() -> Optional[str]:
    return _correlation.get()


def correlate(value: Optional[str]) -> None:
    """From here on (in this context) work belongs to `value`: a Stripe event id once it is verified, say."""
    if value:
        _correlation.set(value)


@contextmanager
def correlated(value: Optional[str]) -> Iterator[str]:
    """Run a block under `value` (a new id when None), restoring the previous id afterwards."""
    chosen = value or new_id()
    token = _correlation.set(chosen)
    try:
        yield chosen
    finally:
        _correlation.reset(token)


def cold_start() -> bool:
    return _cold


def invocation_done() -> None:
    """The first invocation is over: later ones are warm."""
    global _cold
    _cold = False
