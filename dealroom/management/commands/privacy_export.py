import json
from pathlib import Path

from django.core.management.base import BaseCommand

from dealroom.privacy.commands import actor_of, add_actor, run
from dealroom.privacy.export import person_export


class Command(BaseCommand):
    help = "Export everything Quorum holds about one email as one JSON document (audited, without its data)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--output", "-o", help="write to this file instead of standard output")
        add_actor(parser)

    def handle(self, *args, email: str, output: str | None = None, **options) -> None:
        document = run(lambda: person_export(email=email, actor=actor_of(options)))
        text = json.dumps(document, indent=2, sort_keys=True, default=str) + "\n"
        if output:
            Path(output).write_text(text)
            self.stderr.write(f"wrote the export to {output}")
        else:
            self.stdout.write(text, ending="")
