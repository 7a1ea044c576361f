import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commerce.services.catalog import catalog_load


class Command(BaseCommand):
    help = "Import products and stock from a JSON array (idempotent). Bad rows are reported and nothing is written."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            rows = json.loads(path.read_text())
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}: not valid JSON ({exc})") from None

        def progress(done: int, total: int) -> None:
            if done == total or done % 25 == 0:
                self.stdout.write(f"  {done}/{total} products")

        report = catalog_load(rows=rows, progress=progress)
        for index, reason in report.errors:
            where = f"row {index}" if index >= 0 else str(path)
            self.stderr.write(f"{where}: {reason}")
        if report.errors:
            applied = f"; {len(report.applied)} applied" if report.applied else "; nothing was written"
            raise CommandError(f"{len(report.errors)} bad row(s){applied}")
        self.stdout.write(self.style.SUCCESS(f"loaded {len(report.applied)} products from {path}"))
