"""Webhook delivery: signed exactly as Stripe signs (`t=<ts>,v1=HMAC-SHA256(secret, "<ts>.<payload>")`),
retried with exponential backoff until the endpoint answers 2xx or the attempts run out.

Delivery modes: `ordered` sends each event once, in emission order. `shuffled` does what Stripe may do and
what handlers must survive: each delivery waits a random time within `window` seconds (so events arrive out of
order) and, with probability `duplicates`, is sent twice. `seed` makes a run repeatable."""
from __future__ import annotations

import hashlib
import heapq
import hmac
import json
import random
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Optional


def sign(payload: bytes, secret: str, timestamp: Optional[int] = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


@dataclass(frozen=True)
class DeliveryMode:
    name: str = "ordered"  # or "shuffled"
    window: float = 0.0
    duplicates: float = 0.0
    seed: Optional[int] = None

    @classmethod
    def parse(cls, name: str, window: float = 1.0, duplicates: float = 0.5, seed: Optional[int] = None) -> DeliveryMode:
        if name not in ("ordered", "shuffled"):
            raise ValueError(f"unknown delivery mode {name!r} (ordered or shuffled)")
        return cls(name, window if name == "shuffled" else 0.0, duplicates if name == "shuffled" else 0.0, seed)


Targets = Callable[[dict], Iterable[tuple[dict, str]]]  # event -> (endpoint, secret)


class Deliverer:
    def __init__(self, targets: Targets, *, base_delay: float = 1.0, max_attempts: int = 8,
                 mode: DeliveryMode = DeliveryMode(), on_done: Callable[[dict], None] = lambda e: None) -> None:
        self.targets, self.base_delay, self.max_attempts, self.mode = targets, base_delay, max_attempts, mode
        self.on_done = on_done  # called when an event's deliveries are settled (pending_webhooks bookkeeping)
        self._random = random.Random(mode.seed)
        self._queue: list[tuple[float, int, dict, str, str, int]] = []
        self._counter = 0
        self._inflight: dict[str, int] = {}
        self._cv = threading.Condition()
        self.log: list[dict] = []  # every attempt: event id, endpoint, attempt, status or error
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="webhook-deliverer", daemon=True)
        self._thread.start()

    def enqueue(self, event: dict) -> int:
        """Schedule the event for every endpoint that wants it; returns how many endpoints that is."""
        targets = list(self.targets(event))
        with self._cv:
            for endpoint, secret in targets:
                copies = 2 if self.mode.duplicates and self._random.random() < self.mode.duplicates else 1
                for _ in range(copies):
                    self._push(time.monotonic() + self._random.uniform(0, self.mode.window), event,
                               endpoint["url"], secret, 1)
            self._cv.notify()
        return len(targets)

    def _push(self, due: float, event: dict, url: str, secret: str, attempt: int) -> None:
        self._counter += 1
        heapq.heappush(self._queue, (due, self._counter, event, url, secret, attempt))

    def stop(self) -> None:
        with self._cv:
            self._stop = True
            self._cv.notify()

    def idle(self, url: Optional[str] = None) -> bool:
        """Nothing queued and nothing being delivered (to `url`, or anywhere)."""
        with self._cv:
            queued = any(url in (None, item[3]) for item in self._queue)
            busy = any(count and url in (None, target) for target, count in self._inflight.items())
            return not queued and not busy

    def _run(self) -> None:
        while True:
            with self._cv:
                while not self._stop and (not self._queue or self._queue[0][0] > time.monotonic()):
                    self._cv.wait(timeout=(self._queue[0][0] - time.monotonic()) if self._queue else None)
                if self._stop:
                    return
                _, _, event, url, secret, attempt = heapq.heappop(self._queue)
                self._inflight[url] = self._inflight.get(url, 0) + 1
            try:
                ok = self._deliver(event, url, secret, attempt)
                if ok:
                    self.on_done(event)
            finally:
                with self._cv:
                    self._inflight[url] -= 1
                    if not ok and attempt < self.max_attempts:
                        self._push(time.monotonic() + self.base_delay * 2 ** (attempt - 1), event, url, secret,
                                   attempt + 1)

    def _deliver(self, event: dict, url: str, secret: str, attempt: int) -> bool:
        payload = json.dumps(event, indent=2).encode()  # Stripe sends pretty-printed JSON
        request = urllib.request.Request(url, data=payload, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)", "Stripe-Signature": sign(payload, secret),
        })
        record = {"event": event["id"], "type": event["type"], "url": url, "attempt": attempt}
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                record["status"] = response.status
        except urllib.error.HTTPError as exc:
            record["status"] = exc.code
        except OSError as exc:
            record["error"] = str(exc)
        self.log.append(record)
        return 200 <= record.get("status", 0) < 300
