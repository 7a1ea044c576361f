"""The erasure request store: PRIVACY#<request> / ERASURE, in GSI1 PRIVACY_REQUESTS / <requested at>#<request>
(the admin's recent requests; the sweep's unfinished ones). The request id is a keyed digest of the email.

While it runs it holds the email and what its first step found; `finish` drops both in the same write that
marks it done, and that write's stream record is what the "Person Erased" event is derived from."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Optional

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce import clock
from commerce.domain.erasure import DONE, PROOF_RETENTION, RUNNING, ErasureRequest, finished_found
from commerce.persistence import keys
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction


class PrivacyRequestItem(TableItem, discriminator="PrivacyRequest"):
    request_id = UnicodeAttribute()
    status = UnicodeAttribute()  # running | done
    email = UnicodeAttribute(null=True)  # only while running
    requested_by = UnicodeAttribute()
    requested_at = NumberAttribute()
    steps = MapAttribute(default=dict)  # step -> done at
    counts = MapAttribute(default=dict)  # step -> things erased or redacted
    found = UnicodeAttribute(default="{}")  # JSON: kind -> ids (and names while running)
    completed_at = NumberAttribute(null=True)
    runs = NumberAttribute(default=1)
    lease_until = NumberAttribute(default=0)

    def to_domain(self) -> ErasureRequest:
        return ErasureRequest(
            id=self.request_id, status=self.status, requested_by=self.requested_by,
            requested_at=int(self.requested_at), email=self.email, steps=_numbers(self.steps),
            counts=_numbers(self.counts), found=json.loads(self.found or "{}"),
            completed_at=int(self.completed_at) if self.completed_at else None, runs=int(self.runs or 1),
            lease_until=int(self.lease_until or 0))


def _numbers(value: Any) -> dict[str, int]:
    plain = value.as_dict() if isinstance(value, MapAttribute) else dict(value or {})
    return {k: int(v) for k, v in plain.items()}


def _key(request_id: str) -> PrivacyRequestItem:
    return PrivacyRequestItem(keys.privacy_pk(request_id), keys.ERASURE_SK)


class PrivacyRequestStore:
    LABEL = "privacy_request"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, request_id: str) -> Optional[ErasureRequest]:
        try:
            return PrivacyRequestItem.get(keys.privacy_pk(request_id), keys.ERASURE_SK,
                                          consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def newest(self, *, limit: int) -> list[ErasureRequest]:
        query = PrivacyRequestItem.gsi1.query(keys.PRIVACY_REQUESTS_PK, scan_index_forward=False, limit=limit)
        return [item.to_domain() for item in query]

    def running(self) -> Iterator[ErasureRequest]:
        """Unfinished requests, oldest first (a small partition: erasures are rare)."""
        query = PrivacyRequestItem.gsi1.query(keys.PRIVACY_REQUESTS_PK, filter_condition=(
            PrivacyRequestItem.status == RUNNING))
        return (item.to_domain() for item in query)

    # --- intents ----------------------------------------------------------------------------------

    def start(self, request: ErasureRequest, *, previous: Optional[ErasureRequest]) -> None:
        """A new request, or a new run of a finished one (the person came back and is erased again): refused
        (label `privacy_request`) if another run started meanwhile."""
        condition = (PrivacyRequestItem.pk.does_not_exist() if previous is None
                     else (PrivacyRequestItem.status == DONE) & (PrivacyRequestItem.runs == previous.runs))
        self.tx.put(PrivacyRequestItem(
            keys.privacy_pk(request.id), keys.ERASURE_SK, request_id=request.id, status=RUNNING,
            email=request.email, requested_by=request.requested_by, requested_at=request.requested_at, steps={},
            counts={}, found="{}", runs=request.runs, lease_until=0, gsi1pk=keys.PRIVACY_REQUESTS_PK,
            gsi1sk=keys.privacy_requested_sk(request.requested_at, request.id)), condition=condition,
            label=self.LABEL)

    def lease(self, request_id: str, *, now: int, until: int) -> None:
        """One runner at a time: refused while another holds an unexpired lease."""
        self.tx.update(_key(request_id), [PrivacyRequestItem.lease_until.set(until)],
                       condition=(PrivacyRequestItem.status == RUNNING) & (PrivacyRequestItem.lease_until <= now),
                       label=self.LABEL)

    def release(self, request_id: str) -> None:
        """A run that failed lets the next one continue at once."""
        self.tx.update(_key(request_id), [PrivacyRequestItem.lease_until.set(0)],
                       condition=PrivacyRequestItem.status == RUNNING, label=self.LABEL)

    def step_done(self, request_id: str, *, step: str, count: int, now: int,
                  found: Optional[dict[str, list[str]]] = None) -> None:
        actions = [PrivacyRequestItem.steps[step].set(now), PrivacyRequestItem.counts[step].set(count)]
        if found is not None:
            actions.append(PrivacyRequestItem.found.set(json.dumps(found, sort_keys=True)))
        self.tx.update(_key(request_id), actions, condition=PrivacyRequestItem.status == RUNNING,
                       label=self.LABEL)

    def finish(self, request: ErasureRequest, *, now: int) -> None:
        """Done: the email and the names go, the ids of business records it touched stay (as proof), and
        the request itself expires after PROOF_RETENTION."""
        self.tx.update(_key(request.id), [
            PrivacyRequestItem.status.set(DONE), PrivacyRequestItem.email.remove(),
            PrivacyRequestItem.found.set(json.dumps(finished_found(request.found), sort_keys=True)),
            PrivacyRequestItem.completed_at.set(now), PrivacyRequestItem.lease_until.set(0),
            PrivacyRequestItem.expires_at.set(clock.ttl(now + PROOF_RETENTION))],
            condition=PrivacyRequestItem.status == RUNNING, label=self.LABEL)
