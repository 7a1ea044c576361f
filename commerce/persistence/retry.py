"""Quorum's one retry policy: plan, commit, and when the world moved in between, plan again — within a
time budget, never a fixed number of attempts.

A service writes `retry.attempt(plan_and_commit)`. Inside, it reads a snapshot, decides with the domain's
rules, asks stores for intents and commits once. A transaction conflict (another transaction held the same
items) or an explicit `Replan` (a condition failed because the snapshot is stale, not because the request
is wrong) makes it go again with jittered exponential backoff until the budget is spent; then `Busy`.
Requests get about 300 ms; background work (stream batches, scheduled jobs, commands) runs inside
`budget(BACKGROUND)`. Nothing else in Quorum loops on retries.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from commerce.errors import Busy
from commerce.persistence.transaction import TransactionCanceled

T = TypeVar("T")

REQUEST = 0.3  # seconds a request may spend planning again
BACKGROUND = 5.0  # stream batches, scheduled runs, commands, webhook processing
MIN_ATTEMPTS = 3  # even a slow first attempt gets two more chances
FIRST_DELAY, MAX_DELAY = 0.004, 0.06

_budget: ContextVar[float] = ContextVar("quorum_retry_budget", default=REQUEST)


class Replan(Exception):
    """The snapshot a plan was made from is stale: read again and plan again."""


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    token = _budget.set(seconds)
    try:
        yield
    finally:
        _budget.reset(token)


def set_default(seconds: float) -> None:
    """The budget of this context from now on (a command-line process: the background budget)."""
    _budget.set(seconds)


def is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, Replan) or (isinstance(exc, TransactionCanceled) and exc.conflict)


def attempt(fn: Callable[[], T], *, busy: str = "others kept changing this while it was being saved; try again",
            **extra: object) -> T:
    deadline = time.monotonic() + _budget.get()
    delay, tries = FIRST_DELAY, 0
    while True:
        tries += 1
        try:
            return fn()
        except (Replan, TransactionCanceled) as exc:
            if not is_retryable(exc):
                raise
        if tries >= MIN_ATTEMPTS and time.monotonic() + delay > deadline:
            raise Busy(busy, **extra)
        time.sleep(random.uniform(delay / 2, delay))
        delay = min(delay * 2, MAX_DELAY)
