"""Republish a deal's committed events to the bus from a seq: `manage.py crm_publish --deal ID --from-seq N`."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from commerce.errors import QuorumError
from commerce.persistence import retry
from commerce.services.integrations import events_republish


class Command(BaseCommand):
    help = "Put a deal's events from seq N on the bus again (consumers deduplicate by event id)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--deal", required=True, help="the deal's id")
        parser.add_argument("--from-seq", type=int, default=1, help="first seq to republish (default 1)")
        parser.add_argument("--actor", default="manage.py crm_publish", help="who, for the audit log")

    def handle(self, *args, deal: str, from_seq: int, actor: str, **options) -> None:
        retry.set_default(retry.BACKGROUND)
        try:
            count = events_republish(kind="deal", subject_id=deal, from_seq=from_seq, actor=actor)
        except QuorumError as exc:
            raise CommandError(exc.detail) from None
        self.stdout.write(f"republished {count} events of deal {deal} from seq {from_seq}")
