from django.core.management.base import BaseCommand

from commerce.services.orders import reservations_sweep


class Command(BaseCommand):
    help = "Expire pending orders whose stock hold has passed and release their reservations (exactly once)."

    def handle(self, *args, **options) -> None:
        count = reservations_sweep()
        self.stdout.write(f"expired {count} order(s)")
