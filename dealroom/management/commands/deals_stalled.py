"""Report stalled deals now (the hourly schedule does the same): one `deal.stalled` event per new stall."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from commerce.persistence import retry
from dealroom.services.stalled import deals_stalled_flag


class Command(BaseCommand):
    help = "Write a deal.stalled event for each open deal that stalled since its last activity."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=None,
                            help="days of silence that count as stalled (default STALLED_AFTER_DAYS)")

    def handle(self, *args, days=None, **options) -> None:
        retry.set_default(retry.BACKGROUND)
        reported = deals_stalled_flag(days=days)
        named = f": {', '.join(reported)}" if reported else ""
        self.stdout.write(f"{len(reported)} stalled deal(s) reported{named}")
