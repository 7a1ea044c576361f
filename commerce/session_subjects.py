"""Whom a session signs in: apps register, from AppConfig.ready(), a function of the session's data that
returns the user ids it speaks for (the deal room: its memberships). The session store links each such user
to the session (commerce/persistence/session_links.py), so a person's sessions can be found and ended."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.module_loading import import_string

Subjects = Callable[[Mapping[str, Any]], set[str]]
_paths: list[str] = []


def register(path: str) -> None:
    """`path`: dotted path of a Subjects function (imported on the first session save). Idempotent."""
    if path not in _paths:
        _paths.append(path)


def subjects_of(data: Mapping[str, Any]) -> set[str]:
    found: set[str] = set()
    for path in _paths:
        found |= set(import_string(path)(data))
    return {user_id for user_id in found if isinstance(user_id, str) and user_id}
