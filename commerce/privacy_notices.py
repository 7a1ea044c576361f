"""The seam between an erasure and the systems Quorum fed: the "Person Erased" event.

An erasure's last write moves its request item (PrivacyRequest) from running to done; the table's stream
carries that change here (registered in CommerceConfig.ready()), `person_erased(old, new)` turns it into the
typed PersonErased event (the old image still holds the email the new one dropped), and every subscriber
registered by dotted path gets it: `subscribe("warehouse.erasures.on_person_erased")`, a function
`(event: PersonErased) -> None`. A subscriber that raises makes the stream deliver the record again
(handlers are idempotent), so nothing is lost. (The CRM fan-out reads the same records as a stream handler
of its own, `commerce.fanout.publish.publish_privacy_events`, like every event it publishes.)"""
from __future__ import annotations

import logging

from django.utils.module_loading import import_string

import commerce.persistence.privacy  # noqa: F401  (the model the stream images decode with)
from commerce.domain.privacy_events import PersonErased, person_erased
from commerce.streams import Change

log = logging.getLogger(__name__)
_subscribers: list[str] = []


def subscribe(path: str) -> None:
    """Receive every PersonErased event (the CRM fan-out, a warehouse export...). Idempotent."""
    if path not in _subscribers:
        _subscribers.append(path)


def subscribers() -> list[str]:
    return list(_subscribers)


def on_privacy_request(change: Change) -> None:
    event = person_erased(change.old, change.new)
    if event is None:
        return
    deliver(event)


def deliver(event: PersonErased) -> None:
    paths = subscribers()
    for path in paths:
        import_string(path)(event)
    log.info("person.erased %s (run %d): handed to %d subscriber(s)", event.request_id, event.run, len(paths))
