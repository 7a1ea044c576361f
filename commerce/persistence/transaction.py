"""One DynamoDB TransactWriteItems with labelled actions, so a cancellation says which action failed.

PynamoDB sends a transaction's actions grouped as condition checks, deletes, puts, updates; the labels
are kept in that same order so DynamoDB's one-to-one cancellation reasons map back to them.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, TypeVar

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from commerce.persistence import base

MAX_ACTIONS = 100  # DynamoDB's limit per transaction
T = TypeVar("T")


@dataclass
class Failure:
    label: str
    code: str  # ConditionalCheckFailed, TransactionConflict, ...
    old_item: Optional[dict] = None  # the item as it was, when asked for (raw DynamoDB JSON)


class TransactionCanceled(Exception):
    def __init__(self, failures: list[Failure]) -> None:
        super().__init__(", ".join(f"{f.label}: {f.code}" for f in failures) or "transaction canceled")
        self.failures = failures

    @property
    def conflict(self) -> bool:
        """Another transaction touched the same items: retrying is safe and usually succeeds."""
        return any(f.code == "TransactionConflict" for f in self.failures)

    def failed(self, prefix: str) -> list[Failure]:
        return [f for f in self.failures if f.label.startswith(prefix) and f.code == "ConditionalCheckFailed"]


@dataclass
class Transaction:
    _ops: dict[str, list[tuple[str, Callable[[TransactWrite], None]]]] = field(
        default_factory=lambda: {"check": [], "delete": [], "put": [], "update": []}
    )

    def __len__(self) -> int:
        return sum(len(ops) for ops in self._ops.values())

    def put(self, item, *, condition=None, label: str) -> "Transaction":
        self._ops["put"].append((label, lambda tx: tx.save(item, condition=condition)))
        return self

    def update(self, item, actions: list, *, condition=None, label: str, return_old: bool = False) -> "Transaction":
        rv = "ALL_OLD" if return_old else None
        self._ops["update"].append(
            (label, lambda tx: tx.update(item, actions, condition=condition, return_values=rv, add_version_condition=False))
        )
        return self

    def delete(self, item, *, condition=None, label: str) -> "Transaction":
        self._ops["delete"].append((label, lambda tx: tx.delete(item, condition=condition, add_version_condition=False)))
        return self

    def check(self, model_cls, hash_key: str, range_key: str, *, condition, label: str) -> "Transaction":
        self._ops["check"].append((label, lambda tx: tx.condition_check(model_cls, hash_key, range_key, condition=condition)))
        return self

    def commit(self, *, token: Optional[str] = None) -> None:
        if len(self) > MAX_ACTIONS:
            raise ValueError(f"a transaction holds at most {MAX_ACTIONS} actions, not {len(self)}")
        labels = [label for kind in ("check", "delete", "put", "update") for label, _ in self._ops[kind]]
        try:
            with TransactWrite(connection=base.connection(), client_request_token=token) as tx:
                for kind in ("check", "delete", "put", "update"):
                    for _, add in self._ops[kind]:
                        add(tx)
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            if not reasons:
                raise
            failures = [
                Failure(label, reason.code, getattr(reason, "raw_item", None))
                for label, reason in zip(labels, reasons)
                if reason is not None and reason.code not in (None, "None")
            ]
            raise TransactionCanceled(failures) from exc


def with_retries(fn: Callable[[], T], *, attempts: int = 12, base_delay: float = 0.01, max_delay: float = 0.4,
                 retry_if: Callable[[Exception], bool]) -> T:
    """Run fn, retrying (full jitter, exponential, bounded) while retry_if(error) says so."""
    for attempt in range(attempts):
        try:
            return fn()
        except Exception as exc:
            if attempt == attempts - 1 or not retry_if(exc):
                raise
            time.sleep(random.uniform(0, min(max_delay, base_delay * 2 ** attempt)))
    raise AssertionError("unreachable")


def is_transaction_conflict(exc: Exception) -> bool:
    if isinstance(exc, TransactionCanceled):
        return exc.conflict
    code = getattr(exc, "cause_response_code", None)
    return code == "TransactionConflictException"


def conflict_retry(fn: Callable[[], T], **kwargs: Any) -> T:
    return with_retries(fn, retry_if=is_transaction_conflict, **kwargs)
