"""The CRM fan-out's tests: a stage of their own on moto, the table's stream handled like Lambda would, and
each vendor queue drained like its consumer would."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import jsonschema
from django.conf import settings

from commerce.fanout import queues
from commerce.fanout.provision import integrations_provision
from devstack.stream_poller import StreamPoller

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "events"


def new_stage(visibility_seconds: int = 1) -> str:
    stage = f"t{uuid.uuid4().hex[:10]}"
    settings.INTEGRATIONS_STAGE = stage
    integrations_provision(stage=stage, visibility_seconds=visibility_seconds)
    return stage


@dataclass
class Stream:
    """The table's stream from the moment it is made, handed to commerce.streams.handle on `pump()`."""

    poller: StreamPoller
    arn: str

    @classmethod
    def follow(cls, table: str) -> Stream:
        poller = StreamPoller(table=table)
        arn = poller.stream_arn()
        poller._refresh_shards(arn)
        return cls(poller, arn)

    def pump(self, rounds: int = 20) -> bool:
        """Read until the stream is idle; False if a batch reported a failure (it resumes there next time)."""
        for _ in range(rounds):
            self.poller._refresh_shards(self.arn)
            idle, failed = self.poller.poll_once(self.arn)
            if failed:
                return False
            if idle:
                return True
        return True


def drain(vendor: str, *, dead_letter: bool = False) -> list[dict]:
    """Every envelope in the vendor's queue, in delivery order (deleted, as a consumer would)."""
    found = queues.vendor_named(vendor)
    envelopes = []
    while True:
        messages = queues.receive(found, limit=10, dead_letter=dead_letter)
        if not messages:
            return envelopes
        for message in messages:
            envelopes.append(json.loads(message["Body"]))
            queues.delete(found, message["ReceiptHandle"], dead_letter=dead_letter)


def validate(envelope: dict) -> None:
    schema = json.loads((SCHEMAS / f"{envelope['type']}.v{envelope['version']}.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(envelope)
