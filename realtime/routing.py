"""Websocket routes served by the Channels gateway. Apps add theirs in AppConfig.ready() (`route`)."""
from __future__ import annotations

from typing import Any

_routes: dict[str, str] = {}


def route(pattern: str, consumer: str) -> None:
    """`pattern` a regex like r"^ws/deals/(?P<deal_id>...)/$"; `consumer` the dotted path of an ASGI
    consumer class (imported when the gateway builds its routes, never on Lambda)."""
    _routes[pattern] = consumer


def websocket_urlpatterns() -> list[Any]:
    from django.urls import re_path
    from django.utils.module_loading import import_string

    return [re_path(pattern, import_string(consumer).as_asgi()) for pattern, consumer in _routes.items()]
