"""An erasure request: the state of each step of erasing one person, so a run that stops half-way (a crash,
a timeout) is finished by the next one. Pure Python.

The request is known by a keyed digest of the email (never the email itself once it is done): it holds the
email only while it runs, so the privacy sweep can finish it without anyone typing the address again."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Optional

from commerce.domain.privacy import Person

RUNNING, DONE = "running", "done"
PROOF_RETENTION = 3 * 365 * 86400  # a done request (no personal data) is kept this long as proof, then TTL


@dataclass(frozen=True)
class ErasureRequest:
    id: str
    status: str
    requested_by: str
    requested_at: int
    email: Optional[str] = None  # only while running
    steps: dict[str, int] = field(default_factory=dict)  # step -> when it was done (epoch seconds)
    counts: dict[str, int] = field(default_factory=dict)  # step -> how many things it erased or redacted
    found: dict[str, list[str]] = field(default_factory=dict)  # what the first step located (ids, names)
    completed_at: Optional[int] = None
    runs: int = 1
    lease_until: int = 0

    @property
    def running(self) -> bool:
        return self.status == RUNNING

    def next_step(self, order: Sequence[str]) -> Optional[str]:
        return next((step for step in order if step not in self.steps), None)

    def ids(self, kind: str) -> list[str]:
        return list(self.found.get(kind, []))

    def person(self) -> Person:
        if not self.email:
            raise ValueError("a finished request no longer knows whom it erased")
        return Person(email=self.email, user_ids=frozenset(self.ids("user_ids")),
                      names=frozenset(self.ids("names")))


def finished_found(found: dict[str, list[str]]) -> dict[str, list[str]]:
    """What a done request keeps of what it found: the deals and orders it touched (ids of business records),
    never names or the erased user ids."""
    return {kind: ids for kind, ids in found.items() if kind in ("deal_ids", "order_ids")}
