"""The reference consumer: `manage.py crm_drain --vendor salesforce`. Long-polls the vendor's queue, maps each
envelope to the upsert its integration would make (salesforce; other vendors print the envelope), prints
it, and deletes a message only after handling it. A message it cannot handle stays: after the queue's
maxReceiveCount it moves to the DLQ. Events already applied (same id, or an older position of the same
subject) are dropped, so re-sent and republished events are harmless."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from commerce.fanout import queues, salesforce


class Command(BaseCommand):
    help = "Consume a vendor queue like the vendor's integration would (prints each mapped upsert)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--vendor", default="salesforce")
        parser.add_argument("--wait", type=int, default=20, help="long-poll seconds per receive (default 20)")
        parser.add_argument("--once", action="store_true", help="stop when a receive comes back empty")
        parser.add_argument("--max", type=int, default=0, help="stop after this many messages (0: no limit)")
        parser.add_argument("--visibility", type=int, default=None, help="visibility timeout of each receive")

    def handle(self, *args, vendor: str, wait: int, once: bool, max: int, visibility, **options) -> None:
        found = queues.vendor_named(vendor)
        seen: set[str] = set()
        position: dict[str, int] = {}
        handled = 0
        while not max or handled < max:
            messages = queues.receive(found, wait_seconds=wait, visibility=visibility)
            if not messages and once:
                break
            for message in messages:
                handled += 1
                try:
                    envelope = json.loads(message["Body"])
                    subject = f"{envelope['subject']['kind']}:{envelope['subject']['id']}"
                    if envelope["id"] in seen or envelope["subject"]["position"] < position.get(subject, 0):
                        self.stdout.write(json.dumps({"skipped": envelope["id"], "reason": "already applied"}))
                    else:
                        write = salesforce.upsert(envelope) if vendor == "salesforce" else envelope
                        self.stdout.write(json.dumps({"id": envelope["id"], "upsert": write}, default=list))
                        seen.add(envelope["id"])
                        position[subject] = max_position(position.get(subject, 0), envelope["subject"]["position"])
                except (ValueError, KeyError, TypeError) as exc:  # left in the queue: the DLQ gets it after N
                    self.stderr.write(json.dumps({"failed": message["MessageId"], "error": str(exc)}))
                    continue
                queues.delete(found, message["ReceiptHandle"])


def max_position(a: int, b: int) -> int:
    return a if a > b else b
