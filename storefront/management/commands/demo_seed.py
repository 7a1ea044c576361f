from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from commerce.services import selectors

DEMO_CATALOG = Path(__file__).resolve().parents[2] / "demo" / "catalog.json"


class Command(BaseCommand):
    help = "Load the demo catalog (storefront/demo/catalog.json). With --if-empty, only into an empty catalog."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the catalog has products")

    def handle(self, *args, if_empty: bool = False, **options) -> None:
        if if_empty and selectors.product_list(limit=1).items:
            self.stdout.write("demo data: catalog already has products, leaving it as it is")
            return
        self.stdout.write(f"demo data: loading {DEMO_CATALOG.name}")
        call_command("catalog_load", str(DEMO_CATALOG), stdout=self.stdout, stderr=self.stderr)
