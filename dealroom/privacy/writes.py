"""Many small independent writes of an erasure (rewriting a deal's log, deleting invitations), committed in
transactions of a bounded size under the retry policy. Each write is idempotent, so a run that stops
between two chunks simply does the rest next time."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from commerce.persistence.uow import apply
from dealroom.persistence.uow import DealUnitOfWork, unit_of_work

CHUNK = 25  # writes per transaction (DynamoDB allows 100 actions; rewrites of large payloads stay well under 4 MB)

Write = Callable[[DealUnitOfWork], None]


def commit_in_chunks(writes: Sequence[Write]) -> int:
    """Commit every write; returns how many there were."""
    for start in range(0, len(writes), CHUNK):
        chunk = writes[start:start + CHUNK]

        def build(u: DealUnitOfWork, chunk: Sequence[Write] = chunk) -> None:
            for write in chunk:
                write(u)

        apply(build, factory=unit_of_work)
    return len(writes)
