import json

from django.core.management.base import BaseCommand

from dealroom.privacy.retention import privacy_sweep


class Command(BaseCommand):
    help = "Finish stopped erasures and erase people past retention (what the hourly schedule runs)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=25, help="people past retention erased in this run")

    def handle(self, *args, limit: int, **options) -> None:
        self.stdout.write(json.dumps(privacy_sweep(limit=limit)))
