"""What apps can republish, registered from their AppConfig.ready() by dotted path (commerce never imports
them): `register_replay("deal", "dealroom.fanout.deal_outgoing_after")` names a function
`(subject_id: str, after: int, limit: int) -> list[Outgoing]` reading the committed log after a position."""
from __future__ import annotations

from collections.abc import Callable

from django.utils.module_loading import import_string

from commerce.domain.integrations import Outgoing
from commerce.errors import InvalidInput

Replay = Callable[[str, int, int], list[Outgoing]]
_replays: dict[str, str] = {}


def register_replay(kind: str, path: str) -> None:
    _replays[kind] = path


def replay_source(kind: str) -> Replay:
    if kind not in _replays:
        raise InvalidInput(f"nothing of kind {kind!r} can be republished (known: {', '.join(sorted(_replays))})")
    return import_string(_replays[kind])
