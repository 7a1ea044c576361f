"""Webhook delivery: signed exactly as Stripe signs (`t=<ts>,v1=HMAC-SHA256(secret, "<ts>.<payload>")`),
retried with exponential backoff until the endpoint answers 2xx or the attempts run out."""
from __future__ import annotations

import hashlib
import hmac
import heapq
import json
import threading
import time
import urllib.error
import urllib.request
from typing import Optional


def sign(payload: bytes, secret: str, timestamp: Optional[int] = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


class Deliverer:
    def __init__(self, url: Optional[str], secret: str, *, base_delay: float = 1.0, max_attempts: int = 8) -> None:
        self.url, self.secret = url, secret
        self.base_delay, self.max_attempts = base_delay, max_attempts
        self._queue: list[tuple[float, int, dict, int]] = []
        self._counter = 0
        self._cv = threading.Condition()
        self.log: list[dict] = []  # every attempt: event id, attempt, status or error
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="webhook-deliverer", daemon=True)
        self._thread.start()

    def enqueue(self, event: dict) -> None:
        if not self.url:
            return
        with self._cv:
            self._counter += 1
            heapq.heappush(self._queue, (time.monotonic(), self._counter, event, 1))
            self._cv.notify()

    def stop(self) -> None:
        with self._cv:
            self._stop = True
            self._cv.notify()

    def _run(self) -> None:
        while True:
            with self._cv:
                while not self._stop and (not self._queue or self._queue[0][0] > time.monotonic()):
                    self._cv.wait(timeout=(self._queue[0][0] - time.monotonic()) if self._queue else None)
                if self._stop:
                    return
                _, _, event, attempt = heapq.heappop(self._queue)
            ok = self._deliver(event, attempt)
            if not ok and attempt < self.max_attempts:
                with self._cv:
                    self._counter += 1
                    delay = self.base_delay * 2 ** (attempt - 1)
                    heapq.heappush(self._queue, (time.monotonic() + delay, self._counter, event, attempt + 1))

    def _deliver(self, event: dict, attempt: int) -> bool:
        payload = json.dumps(event, indent=2).encode()  # Stripe sends pretty-printed JSON
        request = urllib.request.Request(self.url, data=payload, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "Stripe-Signature": sign(payload, self.secret),
        })
        record = {"event": event["id"], "type": event["type"], "attempt": attempt}
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                record["status"] = response.status
        except urllib.error.HTTPError as exc:
            record["status"] = exc.code
        except OSError as exc:
            record["error"] = str(exc)
        self.log.append(record)
        return 200 <= record.get("status", 0) < 300
