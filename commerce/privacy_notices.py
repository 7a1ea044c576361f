"""The seam between an erasure and the systems Quorum fed: the "Person Erased" event.

An erasure's last write moves its request item (PrivacyRequest) from running to done; the table's stream
carries that change here (registered in CommerceConfig.ready()), `person_erased(old, new)` turns it into the
typed PersonErased event (the old image still holds the email the new one dropped), and every subscriber
gets it: the dotted paths in settings.PRIVACY_ERASURE_SUBSCRIBERS (the CRM fan-out's
`commerce.fanout.publish.publish_person_erased`) and any added with `subscribe(path)`, each a function
`(event: PersonErased) -> None`. A subscriber that raises makes the stream deliver the record again
(handlers are idempotent), so nothing is lost."""
from __future__ import annotations

import logging

from django.conf import settings
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
    configured = list(getattr(settings, "PRIVACY_ERASURE_SUBSCRIBERS", ()))
    return configured + [path for path in _subscribers if path not in configured]


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
