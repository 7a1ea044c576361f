"""Staff's operations on the CRM fan-out (the admin's Integrations page and the crm_* commands): figures
per vendor queue, the last events published, redrive of a vendor's DLQ and republishing a subject's
events from a position. Both writes are audited."""
from __future__ import annotations

import dataclasses
from typing import Any

from commerce import clock
from commerce.errors import InvalidInput
from commerce.fanout import bus, queues, sources
from commerce.fanout.queues import QueueFigures
from commerce.persistence.uow import unit_of_work
from commerce.services.audit import audit_record

REPUBLISH_LIMIT = 1000


def integrations_figures() -> list[QueueFigures]:
    return [queues.vendor_figures(vendor) for vendor in bus.configured_vendors()]


def published_recent(*, limit: int = 20) -> list[dict[str, Any]]:
    return unit_of_work().published.newest(stage=bus.stage(), limit=limit)


def dead_letters_redrive(*, vendor: str, actor: str) -> int:
    """Every dead letter of `vendor` back to its queue; returns how many moved."""
    found = queues.vendor_named(vendor)
    before = queues.vendor_figures(found)
    moved = queues.redrive(found)
    audit_record(actor=actor, action="integrations.redrive", target_type="queue", target_id=found.name,
                 before={"dead_letters": before.dead, "visible": before.visible}, after={"moved": moved})
    return moved


def events_republish(*, kind: str, subject_id: str, from_seq: int, actor: str) -> int:
    """Put a subject's committed events from position `from_seq` on the bus again (consumers drop what they
    already have by id); returns how many."""
    if from_seq < 1:
        raise InvalidInput("Republish from seq 1 or later.")
    found = sources.replay_source(kind)(subject_id, from_seq - 1, REPUBLISH_LIMIT)
    if not found:
        raise InvalidInput(f"{kind} {subject_id} has no events from seq {from_seq}.")
    now = clock.iso(clock.now())
    bus.publish([dataclasses.replace(o, republished_at=now) for o in found])
    audit_record(actor=actor, action="integrations.republish", target_type=kind, target_id=subject_id,
                 after={"from_seq": from_seq, "events": len(found), "last_seq": found[-1].subject.position})
    return len(found)
