import json

from django.core.management.base import BaseCommand, CommandError

from commerce import clock
from commerce.errors import NotFound
from commerce.payments import selectors, webhooks


class Command(BaseCommand):
    help = "Stored Stripe events: list [--failed] [--type T], show ID, replay (--id ID | --type T | --failed)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list")
        listing.add_argument("--failed", action="store_true")
        listing.add_argument("--type")
        listing.add_argument("--limit", type=int, default=50)
        show = sub.add_parser("show")
        show.add_argument("event_id")
        replay = sub.add_parser("replay")
        group = replay.add_mutually_exclusive_group(required=True)
        group.add_argument("--id", dest="event_id")
        group.add_argument("--type")
        group.add_argument("--failed", action="store_true")

    def handle(self, *args, action: str, **options) -> None:
        if action == "list":
            items = selectors.stripe_event_list(status="failed" if options["failed"] else None,
                                                type_=options["type"], limit=options["limit"])
            if not items:
                self.stdout.write("no events")
            for item in items:
                self.stdout.write(f"{item.event_id}  {item.type:<40} {item.status:<10} attempts={item.attempts} "
                                  f"deliveries={item.deliveries} received={clock.iso(int(item.received_at))}")
        elif action == "show":
            try:
                item = selectors.stripe_event_get(event_id=options["event_id"])
            except NotFound as exc:
                raise CommandError(exc.detail) from None
            self.stdout.write(f"{item.event_id} {item.type} {item.status} attempts={item.attempts}")
            if item.outcome:
                self.stdout.write(f"outcome: {item.outcome}")
            if item.error:
                self.stdout.write(f"error:\n{item.error}")
            self.stdout.write(json.dumps(json.loads(item.payload), indent=2))
        else:
            self._replay(options)

    def _replay(self, options) -> None:
        if options.get("event_id"):
            ids = [options["event_id"]]
        else:
            items = selectors.stripe_event_list(status="failed" if options["failed"] else None,
                                                type_=options.get("type"), limit=1000)
            ids = [item.event_id for item in reversed(items)]  # oldest first
        if not ids:
            self.stdout.write("nothing to replay")
        failures = 0
        for event_id in ids:
            receipt = webhooks.event_process(event_id=event_id, replay=True)
            failures += receipt.status >= 400
            said = receipt.body.get('outcome') or receipt.body.get('detail') or ''
            self.stdout.write(f"{event_id}: {receipt.status} {said}")
        if failures:
            raise CommandError(f"{failures} event(s) failed again")
