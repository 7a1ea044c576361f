"""The unit of work's write side: one DynamoDB TransactWriteItems of labelled actions, so a cancellation
says which action failed. Stores add their intents here; services commit once.

PynamoDB sends a transaction's actions grouped as condition checks, deletes, puts, updates; the labels are
kept in that same order so DynamoDB's one-to-one cancellation reasons map back to them. A transaction of
ONE action is sent as a plain conditional write (half the capacity, and an update returns the new item),
with its failure reported the same way, so callers never care which it was.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Optional

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from commerce.persistence import base

MAX_ACTIONS = 100  # DynamoDB's limit per transaction
KINDS = ("check", "delete", "put", "update")


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
        """Another transaction touched the same items: planning again is safe and usually succeeds."""
        return any(f.code == "TransactionConflict" for f in self.failures)

    def failed(self, prefix: str) -> list[Failure]:
        return [f for f in self.failures if f.label.startswith(prefix) and f.code == "ConditionalCheckFailed"]


@dataclass
class _Action:
    label: str
    item: Any
    add: Callable[[TransactWrite], None]
    single: Callable[[], None]


@dataclass
class Transaction:
    _ops: dict[str, list[_Action]] = field(default_factory=lambda: {kind: [] for kind in KINDS})

    def __len__(self) -> int:
        return sum(len(ops) for ops in self._ops.values())

    def labels(self) -> list[str]:
        return [action.label for kind in KINDS for action in self._ops[kind]]

    def put(self, item: Any, *, condition: Any = None, label: str) -> None:
        self._ops["put"].append(_Action(label, item, lambda tx: tx.save(item, condition=condition),
                                        lambda: item.save(condition=condition)))

    def update(self, item: Any, actions: list, *, condition: Any = None, label: str, return_old: bool = False) -> None:
        rv = "ALL_OLD" if return_old else None
        self._ops["update"].append(_Action(
            label, item,
            lambda tx: tx.update(item, actions, condition=condition, return_values=rv, add_version_condition=False),
            lambda: item.update(actions=actions, condition=condition, add_version_condition=False)))

    def delete(self, item: Any, *, condition: Any = None, label: str) -> None:
        self._ops["delete"].append(_Action(
            label, item, lambda tx: tx.delete(item, condition=condition, add_version_condition=False),
            lambda: item.delete(condition=condition, add_version_condition=False)))

    def check(self, model_cls: Any, hash_key: str, range_key: str, *, condition: Any, label: str) -> None:
        def single() -> None:
            raise AssertionError("a condition check alone is never committed")

        self._ops["check"].append(_Action(label, None, lambda tx: tx.condition_check(
            model_cls, hash_key, range_key, condition=condition), single))

    def commit(self) -> None:
        count = len(self)
        if count > MAX_ACTIONS:
            raise ValueError(f"a transaction holds at most {MAX_ACTIONS} actions, not {count}")
        if count == 0:
            return
        actions = [action for kind in KINDS for action in self._ops[kind]]
        if count == 1 and not self._ops["check"]:
            return self._commit_single(actions[0])
        try:
            with TransactWrite(connection=base.connection()) as tx:
                for action in actions:
                    action.add(tx)
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            if not reasons:
                raise
            failures = [
                Failure(action.label, reason.code, getattr(reason, "raw_item", None))
                for action, reason in zip(actions, reasons)
                if reason is not None and reason.code not in (None, "None")
            ]
            raise TransactionCanceled(failures) from exc

    @staticmethod
    def _commit_single(action: _Action) -> None:
        try:
            action.single()
        except (PutError, UpdateError, DeleteError) as exc:
            code = getattr(exc, "cause_response_code", None)
            if code == "ConditionalCheckFailedException":
                raise TransactionCanceled([Failure(action.label, "ConditionalCheckFailed")]) from exc
            if code == "TransactionConflictException":
                raise TransactionCanceled([Failure(action.label, "TransactionConflict")]) from exc
            raise
