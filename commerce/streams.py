"""DynamoDB Streams entry point: routes each record to the handlers registered for its entity type.

On Lambda it is wired in zappa_settings.json `events`; locally the devstack stream poller calls the same
`handle`. Handlers are named by dotted path in settings.STREAM_HANDLERS (so commerce never imports the
deal room). Failures are reported per record (ReportBatchItemFailures): the batch is retried from the
first failed record, and handlers are idempotent, so nothing is lost and duplicates are harmless."""
from __future__ import annotations

import logging
from typing import Any, Callable

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


def _handlers() -> dict[str, list[Callable[[dict], None]]]:
    return {entity: [import_string(path) for path in paths] for entity, paths in settings.STREAM_HANDLERS.items()}


def entity_of(record: dict) -> str:
    image = record.get("dynamodb", {}).get("NewImage") or record.get("dynamodb", {}).get("OldImage") or {}
    return image.get("entity", {}).get("S", "")


def handle(event: dict, context: Any = None) -> dict:
    handlers = _handlers()
    failures = []
    for record in event.get("Records", []):
        try:
            for handler in handlers.get(entity_of(record), []):
                handler(record)
        except Exception:  # report it; the stream redelivers from here
            log.exception("stream record %s failed", record.get("eventID"))
            failures.append({"itemIdentifier": record.get("dynamodb", {}).get("SequenceNumber", "")})
            break  # records of a shard are ordered: stop at the first failure
    return {"batchItemFailures": failures}
