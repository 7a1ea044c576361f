"""The emulator's state: objects by id, the event log, idempotency records. One lock guards it all."""
from __future__ import annotations

import copy
import secrets
import threading
import time
from typing import Any, Callable, Optional

from devstack.stripe_emulator.errors import no_such

API_VERSION = "2026-10-28.endive"


class Store:
    def __init__(self, public_url: str) -> None:
        self.public_url = public_url.rstrip("/")
        self.lock = threading.RLock()
        self.objects: dict[str, dict] = {}
        self.private: dict[str, dict] = {}  # per-object data Stripe does not show (line items of a session)
        self.events: list[dict] = []
        self.idempotency: dict[tuple[str, str], tuple[str, int, dict]] = {}
        self.on_event: Callable[[dict], None] = lambda event: None

    @staticmethod
    def new_id(prefix: str) -> str:
        return f"{prefix}_{secrets.token_hex(12)}"

    @staticmethod
    def now() -> int:
        return int(time.time())

    def put(self, obj: dict) -> dict:
        self.objects[obj["id"]] = obj
        return obj

    def get(self, object_id: str, kind: str, type_name: Optional[str] = None) -> dict:
        obj = self.objects.get(object_id)
        if obj is None or (type_name and obj.get("object") != type_name):
            raise no_such(kind, object_id)
        return obj

    def emit(self, event_type: str, obj: dict, previous: Optional[dict] = None) -> dict:
        event = {
            "id": self.new_id("evt"), "object": "event", "api_version": API_VERSION, "created": self.now(),
            "data": {"object": copy.deepcopy(obj)}, "livemode": False, "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None}, "type": event_type,
        }
        if previous:
            event["data"]["previous_attributes"] = previous
        self.events.append(event)
        self.on_event(event)
        return event
