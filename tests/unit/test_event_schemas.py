"""docs/events/ holds the JSON Schema of every event type as the code declares it (regenerate with
`manage.py event_schemas`)."""
from __future__ import annotations

from pathlib import Path

from dealroom.management.commands.event_schemas import event_schema_files

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "events"


def test_committed_schemas_are_what_the_dataclasses_declare():
    wanted = event_schema_files()
    present = {path.name: path.read_text() for path in FOLDER.glob("*.json")}
    assert sorted(present) == sorted(wanted)
    for name, text in wanted.items():
        assert present[name] == text, f"docs/events/{name} is stale: run manage.py event_schemas"
