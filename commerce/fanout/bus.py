"""Publishing to the bus `quorum-<stage>`: one entry per committed event, PutEvents in batches of up to 10
entries (and 256 KB), entries EventBridge refused (FailedEntryCount) or a failed call sent again under the
retry policy's budget. What still fails is reported, never dropped: inside a stream batch as the first
record it came from (the stream redelivers from there), elsewhere as DependencyUnavailable."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any, Optional

from django.conf import settings

from commerce import clock, streams
from commerce.domain.integrations import Outgoing, Vendor, vendors
from commerce.errors import Busy, DependencyUnavailable
from commerce.fanout import clients
from commerce.persistence import retry

log = logging.getLogger(__name__)
MAX_ENTRIES = 10
MAX_BATCH_BYTES = 256 * 1024
SINK = "fanout.bus"


def enabled() -> bool:
    return bool(settings.INTEGRATIONS_STAGE)


def stage() -> str:
    return settings.INTEGRATIONS_STAGE


def bus_name() -> str:
    return f"quorum-{stage()}"


def configured_vendors() -> tuple[Vendor, ...]:
    return vendors(frozenset(settings.CRM_INTERNAL_NOTES_VENDORS))


def entry(outgoing: Outgoing, among: tuple[Vendor, ...]) -> dict[str, Any]:
    return {"EventBusName": bus_name(), "Source": outgoing.event.SOURCE, "DetailType": outgoing.event.detail_type(),
            "Detail": json.dumps(outgoing.detail(among), separators=(",", ":"))}


def _size(item: dict[str, Any]) -> int:
    return sum(len(str(item[k]).encode()) for k in ("Source", "DetailType", "Detail")) + 14


def _chunks(indexes: list[int], entries: list[dict[str, Any]]) -> list[list[int]]:
    chunks: list[list[int]] = [[]]
    size = 0
    for i in indexes:
        weight = _size(entries[i])
        if chunks[-1] and (len(chunks[-1]) == MAX_ENTRIES or size + weight > MAX_BATCH_BYTES):
            chunks.append([])
            size = 0
        chunks[-1].append(i)
        size += weight
    return [c for c in chunks if c]


def put(outgoing: list[Outgoing]) -> list[int]:
    """Put every event on the bus; returns the indexes that still failed once the budget was spent."""
    among = configured_vendors()
    entries = [entry(o, among) for o in outgoing]
    pending = list(range(len(entries)))
    errors: list[str] = []

    def send() -> None:
        nonlocal pending
        still: list[int] = []
        for chunk in _chunks(pending, entries):
            try:
                answer = clients.events().put_events(Entries=[entries[i] for i in chunk])
            except Exception as exc:  # unreachable, throttled, refused: all of it is sent again
                errors.append(f"{type(exc).__name__}: {exc}")
                still += chunk
                continue
            for i, result in zip(chunk, answer.get("Entries", [])):
                if result.get("ErrorCode"):
                    errors.append(f"{result['ErrorCode']}: {result.get('ErrorMessage', '')}")
                    still.append(i)
            _record([outgoing[i] for i in chunk if i not in still], among)
        pending = still
        if pending:
            raise retry.Replan()

    try:
        retry.attempt(send)
    except Busy:
        log.warning("EventBridge did not take %d of %d events: %s", len(pending), len(entries), errors[-1:])
        return pending
    return []


def _record(sent: list[Outgoing], among: tuple[Vendor, ...]) -> None:
    """What went, for the admin's "last events published" (best effort: the events are on the bus)."""
    if not sent:
        return
    from commerce.persistence.uow import apply

    summary = [{"id": o.id, "type": o.event.TYPE, "detail_type": o.event.detail_type(),
                "subject": o.subject.as_dict(), "vendors": [v.name for v in o.recipients(among)]} for o in sent]
    try:
        apply(lambda u: u.published.add(stage=stage(), events=summary, at_ms=clock.now_ms()))
    except Exception:
        log.exception("could not record %d published events", len(sent))


def publish(outgoing: list[Outgoing]) -> None:
    """Inside a stream batch: deferred to the batch's sink (sent in tens when the records are handled).
    Elsewhere (republishing): sent now; raises DependencyUnavailable if some could not be."""
    if not outgoing or not enabled():
        return
    if all(streams.defer(SINK, BusSink, o) for o in outgoing):
        return
    failed = put(outgoing)
    if failed:
        raise DependencyUnavailable(f"EventBridge did not take {len(failed)} of {len(outgoing)} events; "
                                    "nothing was lost: publish them again")


@dataclass
class BusSink:
    """A stream batch's events for the bus, each with the position of the record it came from."""

    items: list[tuple[int, Outgoing]] = field(default_factory=list)

    def add(self, position: int, item: Any) -> None:
        self.items.append((position, item))

    def flush(self, *, before: Optional[int]) -> Optional[int]:
        kept = [(p, o) for p, o in self.items if before is None or p < before]
        if not kept:
            return None
        try:
            failed = put([o for _, o in kept])
        except Exception:
            log.exception("publishing a stream batch's events failed")
            return kept[0][0]
        return min(kept[i][0] for i in failed) if failed else None
