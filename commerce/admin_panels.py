"""Panels other apps add to the admin's dashboard, registered in their AppConfig.ready() by dotted path
(resolved on the dashboard's first request, so registering imports nothing)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.module_loading import import_string

Panel = Callable[[HttpRequest], dict[str, Any]]  # returns the context of its template ("template" key)
_panels: list[str] = []


def register(path: str) -> None:
    if path not in _panels:
        _panels.append(path)


def render_all(request: HttpRequest) -> list[dict[str, Any]]:
    return [import_string(path)(request) for path in _panels]
