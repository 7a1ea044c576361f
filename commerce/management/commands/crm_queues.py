"""Each vendor's queue URL (and its DLQ) with its figures: `manage.py crm_queues [--json]`."""
from __future__ import annotations

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from commerce.fanout import bus
from commerce.services.integrations import integrations_figures


class Command(BaseCommand):
    help = "Print every vendor queue's URL, DLQ URL and figures (visible, in flight, dead letters)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="one JSON document")

    def handle(self, *args, json: bool = False, **options) -> None:
        figures = integrations_figures()
        if json:
            self.stdout.write(_dumps({"bus": bus.bus_name(), "queues": [asdict(f) for f in figures]}))
            return
        self.stdout.write(f"bus {bus.bus_name()}")
        for f in figures:
            self.stdout.write(f"{f.vendor:<11} {f.url}\n{'':<11} DLQ {f.dead_letter_url}\n{'':<11} "
                              f"visible {f.visible}, in flight {f.in_flight}, dead letters {f.dead}")


def _dumps(value: object) -> str:
    return json.dumps(value, indent=2)
