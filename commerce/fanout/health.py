"""/healthz probes (config/health.py PROBES): the stage's bus exists, and every vendor queue and DLQ."""
from __future__ import annotations

from commerce.fanout import bus, clients


def eventbridge(timeout: float) -> str:
    if not bus.enabled():
        return "off"
    clients.events(timeout).describe_event_bus(Name=bus.bus_name())
    return "ok"


def sqs(timeout: float) -> str:
    if not bus.enabled():
        return "off"
    client = clients.sqs(timeout)
    for vendor in bus.configured_vendors():
        for dead_letter in (False, True):
            client.get_queue_url(QueueName=vendor.queue_name(bus.stage(), dead_letter=dead_letter))
    return "ok"
