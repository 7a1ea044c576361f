"""DynamoDB Streams entry point: each record goes to the handlers registered for its entity type.

On Lambda it is wired in zappa_settings.json `events`; locally the devstack stream poller calls the same
`handle`. Apps register their handlers in `AppConfig.ready()` (`register("DealEvent", fn)`), so commerce
never imports them. A handler receives a `Change`: the item's old and new state as domain objects.
Failures are reported per record (ReportBatchItemFailures): the batch is retried from the first failed
record, and handlers are idempotent, so nothing is lost and duplicates are harmless.

A handler whose output is better sent in batches (the CRM fan-out's PutEvents, 10 entries a call) `defer`s
it to a sink of the batch: the sink is flushed once the records are handled, and the first record whose
output it could not send is reported as the batch's failure, like a handler's exception."""
from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Optional, Protocol

from commerce.persistence import retry

log = logging.getLogger(__name__)
TTL_PRINCIPAL = "dynamodb.amazonaws.com"  # AWS marks TTL deletions with this service principal


@dataclass(frozen=True)
class Change:
    """One stream record: INSERT, MODIFY or REMOVE of an item, before and after, as domain objects."""

    name: str  # INSERT | MODIFY | REMOVE
    entity: str
    old: Any
    new: Any
    sequence_number: str
    by_ttl: bool  # a REMOVE made by DynamoDB's TTL, not by Quorum
    at: float = 0.0  # when DynamoDB recorded the change (ApproximateCreationDateTime, epoch seconds)

    @property
    def current(self) -> Any:
        return self.new if self.new is not None else self.old


Handler = Callable[[Change], None]
_handlers: dict[str, list[str]] = {}


class Sink(Protocol):
    def add(self, position: int, item: Any) -> None: ...

    def flush(self, *, before: Optional[int]) -> Optional[int]:
        """Send the items of records before position `before` (all when None); return the position of the
        first record whose item could not be sent, or None."""


@dataclass
class _Batch:
    sinks: dict[str, Sink] = field(default_factory=dict)
    position: int = 0


_batch: ContextVar[Optional[_Batch]] = ContextVar("quorum_stream_batch", default=None)


def defer(name: str, factory: Callable[[], Sink], item: Any) -> bool:
    """Inside a stream batch: add `item` for the record being handled to the batch's sink `name` (made by
    `factory` on first use) and return True. Outside one, return False: the caller sends it now."""
    batch = _batch.get()
    if batch is None:
        return False
    sink = batch.sinks.get(name)
    if sink is None:
        sink = batch.sinks[name] = factory()
    sink.add(batch.position, item)
    return True


def register(entity: str, handler: str) -> None:
    """Route records of `entity` (the item's discriminator) to the handler at this dotted path (imported
    on the first record, so registering at start-up costs a cold start nothing). Idempotent."""
    handlers = _handlers.setdefault(entity, [])
    if handler not in handlers:
        handlers.append(handler)


def _resolved(entity: str) -> list[Handler]:
    from django.utils.module_loading import import_string

    return [import_string(path) for path in _handlers.get(entity, [])]


def entities() -> list[str]:
    """The entity types some handler acts on (the stream mapping's filter lets only these through)."""
    return sorted(entity for entity, handlers in _handlers.items() if handlers)


def entity_of(record: dict) -> str:
    image = record.get("dynamodb", {}).get("NewImage") or record.get("dynamodb", {}).get("OldImage") or {}
    return image.get("entity", {}).get("S", "")


def change_of(record: dict) -> Change:
    from commerce.persistence.stream_images import decode

    images = record.get("dynamodb", {})
    identity = record.get("userIdentity") or {}
    return Change(name=record.get("eventName", ""), entity=entity_of(record), old=decode(images.get("OldImage")),
                  new=decode(images.get("NewImage")), sequence_number=images.get("SequenceNumber", ""),
                  by_ttl=identity.get("type") == "Service" and identity.get("principalId") == TTL_PRINCIPAL,
                  at=_epoch(images.get("ApproximateCreationDateTime")))


def _epoch(value: Any) -> float:
    """Lambda passes epoch seconds; boto3 (the local poller) a datetime."""
    if value is None:
        return 0.0
    return value.timestamp() if hasattr(value, "timestamp") else float(value)


def correlation_of(record: dict) -> str:
    """The record's origin: the correlation id its change was written with (deal events carry the request's
    or the Stripe event's), else the stream record's own id."""
    images = record.get("dynamodb", {})
    image = images.get("NewImage") or images.get("OldImage") or {}
    return image.get("correlation_id", {}).get("S") or record.get("eventID", "")


def handle(event: dict, context: Any = None) -> dict:
    """Not Powertools' batch processor: it goes on after a failed record and reports every failure, while a
    shard's records are ordered and must stop at the first one (Lambda retries from there anyway)."""
    from config.observability import context as observed
    from config.observability import entry, tracing

    records = event.get("Records", [])
    failed: Optional[int] = None
    batch = _Batch()
    token = _batch.set(batch)
    with entry.invocation("stream", "commerce.streams.handle", lambda_context=context) as invocation, \
            retry.budget(retry.BACKGROUND):
        try:
            for position, record in enumerate(records):
                entity = entity_of(record)
                if not _handlers.get(entity):
                    continue
                batch.position = position
                with observed.correlated(correlation_of(record)) as cid, \
                        tracing.span(f"stream {entity}", entity=entity, change=record.get("eventName"),
                                     correlation_id=cid) as span:
                    try:
                        handlers = _resolved(entity)  # imported first: their modules bring the models that decode
                        change = change_of(record)
                        for handler in handlers:
                            handler(change)
                    except Exception as exc:  # report it; the stream redelivers from here
                        log.exception("stream record %s failed", record.get("eventID"))
                        span.fail(exc)
                        failed = position
                        break  # records of a shard are ordered: stop at the first failure
        finally:
            _batch.reset(token)
        for sink in batch.sinks.values():  # what handlers deferred, for the records before any failure
            first = sink.flush(before=failed)
            if first is not None and (failed is None or first < failed):
                failed = first
        invocation.annotate(records=len(records), failed=0 if failed is None else 1,
                            outcome="ok" if failed is None else "retry")
    if failed is None:
        return {"batchItemFailures": []}
    return {"batchItemFailures": [{"itemIdentifier": records[failed].get("dynamodb", {}).get("SequenceNumber", "")}]}
