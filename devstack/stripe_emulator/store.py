"""The emulator's state: objects by id (each owned by the platform or one connected account), data Stripe
does not show, the event log, idempotency records. One lock guards it all; `save()` writes it to disk when
the emulator was given a state file (tests keep it in memory)."""
from __future__ import annotations

import copy
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Optional

from devstack.stripe_emulator import context, persistence, shapes
from devstack.stripe_emulator.errors import no_such

API_VERSION = "2026-10-28.endive"
IDEMPOTENCY_TTL = 24 * 3600  # Stripe keeps idempotent results for 24 hours


class Store:
    def __init__(self, public_url: str, state_path: Optional[Path] = None) -> None:
        self.public_url = public_url.rstrip("/")
        self.state_path = state_path
        self.lock = threading.RLock()
        self.objects: dict[str, dict] = {}
        self.owner: dict[str, Optional[str]] = {}  # object id -> connected account id (None: the platform)
        self.private: dict[str, dict] = {}  # per-object data Stripe does not show
        self.events: list[dict] = []
        self.idempotency: dict[str, list] = {}  # "account|key" -> [fingerprint, status, body, created]
        self.counters: dict[str, int] = {}
        self.on_event: Callable[[dict], None] = lambda event: None
        self.clock_offset = 0  # tests move time forward (subscription periods, idempotency expiry)
        state = persistence.load(state_path)
        if state:
            self.restore(state)

    # --- ids and time -------------------------------------------------------------------------------
    @staticmethod
    def new_id(prefix: str) -> str:
        return f"{prefix}_{secrets.token_hex(12)}"

    def now(self) -> int:
        return int(time.time()) + self.clock_offset

    def next_number(self, name: str) -> int:
        self.counters[name] = self.counters.get(name, 0) + 1
        return self.counters[name]

    # --- objects ------------------------------------------------------------------------------------
    def new(self, object_name: str, prefix: str, *, account: Optional[str] = None, **values: Any) -> dict:
        """A complete object of its type (every property Stripe returns), stored and owned by `account`
        (default: the account of the current request)."""
        obj = shapes.blank(object_name, id=values.pop("id", None) or self.new_id(prefix), **values)
        if "created" in obj and not obj["created"]:
            obj["created"] = self.now()
        return self.put(obj, account=account)

    def put(self, obj: dict, *, account: Optional[str] = None) -> dict:
        self.objects[obj["id"]] = obj
        if obj["id"] not in self.owner:
            self.owner[obj["id"]] = account if account is not None else context.account()
        return obj

    def get(self, object_id: str, kind: str, type_name: Optional[str] = None, *, param: str = "id",
            account: Any = ...) -> dict:
        """The object, if it exists for the requesting account (Stripe-Account scopes every lookup)."""
        obj = self.objects.get(object_id)
        wanted = context.account() if account is ... else account
        if obj is None or (type_name and obj.get("object") != type_name) or self.owner.get(object_id) != wanted:
            raise no_such(kind, object_id, param)
        return obj

    def live(self, object_id: str, kind: str, type_name: str, *, param: str = "id") -> dict:
        """Like get, but a deleted object is missing too (what writes that name it see)."""
        obj = self.get(object_id, kind, type_name, param=param)
        if obj.get("deleted"):
            raise no_such(kind, object_id, param)
        return obj

    def all(self, type_name: str, *, account: Any = ...) -> Iterator[dict]:
        wanted = context.account() if account is ... else account
        for object_id, obj in self.objects.items():
            if obj.get("object") == type_name and self.owner.get(object_id) == wanted and not obj.get("deleted"):
                yield obj

    def rename(self, old: str, new: str) -> None:
        """Give an object the id a caller chose (the conformance suite names its objects), everywhere it is named."""
        def swap(node: Any) -> Any:
            if isinstance(node, dict):
                return {key: swap(value) for key, value in node.items()}
            if isinstance(node, list):
                return [swap(value) for value in node]
            return new if node == old else node

        self.objects = {new if k == old else k: swap(v) for k, v in self.objects.items()}
        self.private = {new if k == old else k: swap(v) for k, v in self.private.items()}
        self.owner = {new if k == old else k: (new if v == old else v) for k, v in self.owner.items()}
        self.events = [self.objects[new if e["id"] == old else e["id"]] for e in self.events]

    # --- events -------------------------------------------------------------------------------------
    def emit(self, event_type: str, obj: dict, previous: Optional[dict] = None, *,
             account: Any = ..., from_request: bool = True) -> dict:
        """Record an event with a snapshot of `obj` (and previous_attributes), tagged with the request that
        caused it (none for what a person did on a hosted page) and, for a connected account, `account`."""
        request = context.current.get()
        owner = self.owner.get(obj.get("id", ""), None) if account is ... else account
        event = shapes.blank(
            "event", id=self.new_id("evt"), api_version=API_VERSION, created=self.now(),
            data={"object": copy.deepcopy(obj), **({"previous_attributes": previous} if previous else {})},
            pending_webhooks=0, type=event_type,
            request={"id": request.request_id if from_request else None,
                     "idempotency_key": request.idempotency_key if from_request else None},
        )
        if owner:
            event["account"] = owner
        self.put(event, account=owner)
        self.events.append(event)
        self.on_event(event)
        return event

    # --- idempotency --------------------------------------------------------------------------------
    def idempotent_result(self, key: str) -> Optional[list]:
        record = self.idempotency.get(key)
        if record and record[3] + IDEMPOTENCY_TTL <= self.now():
            del self.idempotency[key]
            return None
        return record

    def remember(self, key: str, fingerprint: str, status: int, body: Any) -> None:
        self.idempotency[key] = [fingerprint, status, body, self.now()]
        if len(self.idempotency) % 256 == 0:  # prune expired keys now and then
            for stale in [k for k, v in self.idempotency.items() if v[3] + IDEMPOTENCY_TTL <= self.now()]:
                del self.idempotency[stale]

    # --- persistence --------------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        return {"objects": self.objects, "owner": self.owner, "private": self.private,
                "events": [e["id"] for e in self.events], "idempotency": self.idempotency,
                "counters": self.counters, "clock_offset": self.clock_offset}

    def restore(self, state: dict[str, Any]) -> None:
        self.objects, self.owner, self.private = state["objects"], state["owner"], state["private"]
        self.events = [self.objects[event_id] for event_id in state["events"]]
        self.idempotency, self.counters = state["idempotency"], state["counters"]
        self.clock_offset = state.get("clock_offset", 0)

    def save(self) -> None:
        with self.lock:
            persistence.save(self.state_path, self.snapshot())

    def reset(self) -> None:
        with self.lock:
            self.objects, self.owner, self.private, self.events = {}, {}, {}, []
            self.idempotency, self.counters, self.clock_offset = {}, {}, 0
