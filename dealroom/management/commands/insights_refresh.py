from django.core.management.base import BaseCommand

from commerce.persistence import retry
from dealroom.services.insights import insights_refresh, insights_refresh_stale


class Command(BaseCommand):
    help = ("Recompute deal insights: one deal (--deal ID), or every open deal whose insights are older than "
            "--stale-hours (time passes with no event: a quiet role becomes silent).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--deal", default="")
        parser.add_argument("--stale-hours", type=float, default=6.0)

    def handle(self, *args, deal: str = "", stale_hours: float = 6.0, **options) -> None:
        retry.set_default(retry.BACKGROUND)
        if deal:
            stored = insights_refresh(deal_id=deal, force=True)
            self.stdout.write(f"deal {deal}: score {stored.score} (revision {stored.revision})" if stored
                              else f"deal {deal}: no such deal")
            return
        count = insights_refresh_stale(older_than=int(stale_hours * 3600))
        self.stdout.write(f"recomputed the insights of {count} open deal(s) older than {stale_hours:g} h")
