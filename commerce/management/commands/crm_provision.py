"""Create the fan-out's bus, vendor queues, DLQs, rules and targets on the configured endpoints (the local
moto server; on AWS the CDK integrations stack does this) and print where the queues are."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from commerce.fanout import bus
from commerce.fanout.provision import integrations_provision


class Command(BaseCommand):
    help = "Create the EventBridge bus quorum-<stage> and every vendor's queue, DLQ and rule (idempotent)."

    def handle(self, *args, **options) -> None:
        if not bus.enabled():
            self.stdout.write("INTEGRATIONS_STAGE is empty: the CRM fan-out is off")
            return
        made = integrations_provision()
        self.stdout.write(f"[crm] bus {bus.bus_name()}: {len(made)} vendor queues")
        for queues in made:
            self.stdout.write(f"[crm]   {queues.vendor:<11} {queues.url}  (DLQ {queues.dead_letter_url})")
