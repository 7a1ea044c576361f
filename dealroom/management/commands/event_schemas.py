"""Write the JSON Schema of every domain event to docs/events/ (the contract the CRM fan-out publishes)."""
from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

import commerce.domain.billing_events
import commerce.domain.order_events  # noqa: F401  (registers commerce's events)
import dealroom.domain.events  # noqa: F401  (registers the deal room's)
from commerce.domain import privacy_events, vendor_events  # noqa: F401  (register privacy's and the marketplace's)
from commerce.domain.events import json_schema, registry
from dealroom.domain import scoring_events  # noqa: F401  (deal.scored, derived from stored insights)


def event_schema_files() -> dict[str, str]:
    """file name -> its text, for every registered event type."""
    return {f"{name}.v{cls.VERSION}.json": json.dumps(json_schema(cls), indent=2, sort_keys=True) + "\n"
            for name, cls in registry().items()}


class Command(BaseCommand):
    help = "Write docs/events/<type>.v<version>.json for every domain event type (--check: only compare)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="exit 1 if the committed files differ")

    def handle(self, *args, check: bool = False, **options) -> None:
        folder = Path(settings.BASE_DIR) / "docs" / "events"
        wanted = event_schema_files()
        present = {p.name: p.read_text() for p in folder.glob("*.json")} if folder.exists() else {}
        if check:
            stale = sorted(set(wanted.items()) ^ set(present.items()))
            if stale:
                raise SystemExit(f"docs/events is out of date: {', '.join(sorted({n for n, _ in stale}))}")
            self.stdout.write(f"{len(wanted)} event schemas up to date")
            return
        folder.mkdir(parents=True, exist_ok=True)
        for name in set(present) - set(wanted):
            (folder / name).unlink()
        for name, text in wanted.items():
            (folder / name).write_text(text)
        self.stdout.write(f"wrote {len(wanted)} event schemas to {folder}")
