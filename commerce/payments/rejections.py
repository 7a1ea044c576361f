"""Webhook deliveries refused for a missing or bad signature: kept for a while so staff can see who
knocks, but bounded — a flood of forged requests writes at most RATE items per minute per process."""
from __future__ import annotations

import logging
import threading
import time
from typing import Optional

from commerce import clock
from commerce.domain.privacy import scrub_emails
from commerce.persistence.uow import apply

log = logging.getLogger(__name__)
RATE = 10  # recorded refusals per minute per process; the rest are only counted in the log


class _Bucket:
    """A token bucket: RATE tokens a minute, at most RATE at once."""

    def __init__(self, rate: int) -> None:
        self.rate, self.tokens, self.at, self.dropped = rate, float(rate), time.monotonic(), 0
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.rate, self.tokens + (now - self.at) * self.rate / 60)
            self.at = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            self.dropped += 1
            return False


bucket = _Bucket(RATE)


def record(*, reason: str, signature: Optional[str], payload: bytes, remote_addr: Optional[str]) -> bool:
    """Record one refusal if the budget allows; True when it was written."""
    if not bucket.take():
        log.warning("stripe webhook refused (%s) from %s; not recorded (%d over the rate so far)", reason,
                    remote_addr, bucket.dropped)
        return False
    excerpt = scrub_emails(payload[:500].decode("utf-8", "replace")) or None  # no one's address kept
    apply(lambda u: u.stripe_events.reject(reason=reason[:300], signature=(signature or "")[:500] or None,
                                           excerpt=excerpt, remote_addr=remote_addr, now=clock.now()))
    return True
