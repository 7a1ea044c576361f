"""The verifier: does Quorum still hold any trace of an email? It reads EVERY item of the table (a paginated
Scan, optionally in parallel segments, paced to a read-capacity rate) and matches case-insensitively in every
attribute, keys included, inside JSON held in strings (event payloads, audit values, Stripe payloads) and
inside session data (decoded); then it reads Stripe's whole customer list (fields and metadata).

DynamoDB filter expressions are case-sensitive and do not lower the read cost (a Scan pays for every item
it reads, filtered or not), so matching happens here. An operator's tool: the function's role has no Scan."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Optional

from django.conf import settings

from commerce.domain.privacy import traces
from commerce.domain.users import normalize_email
from commerce.payments import stripe_privacy
from commerce.persistence.uow import unit_of_work


@dataclass(frozen=True)
class Trace:
    entity: str
    key: str  # "PK / SK"
    path: str  # where in the item, e.g. payload.email


@dataclass
class Report:
    email: str
    items_read: int = 0
    read_units: float = 0.0
    traces: list[Trace] = field(default_factory=list)
    stripe_customers_read: int = 0
    stripe_traces: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        return not self.traces and not self.stripe_traces


def person_verify(*, email: str, segments: int = 1, rate: Optional[float] = None, stripe: bool = True,
                  page_size: int = 500) -> Report:
    """`segments`: parallel scan segments (one thread each); `rate`: read capacity units per second for the
    whole scan (None: as fast as DynamoDB answers); `stripe`: also read Stripe's customer list."""
    started = time.monotonic()
    report = Report(email=normalize_email(email))
    lock = threading.Lock()
    per_segment = rate / segments if rate else None

    def scan(segment: int) -> None:
        table, start = unit_of_work().scan, None
        while True:
            began = time.monotonic()
            page = table.page(segment=segment, segments=segments, start=start, limit=page_size)
            found = [t for item in page.items for t in _item_traces(item, report.email)]
            with lock:
                report.items_read += len(page.items)
                report.read_units += page.read_units
                report.traces.extend(found)
            start = page.next_start
            if start is None:
                return
            if per_segment:
                time.sleep(max(0.0, page.read_units / per_segment - (time.monotonic() - began)))

    with ThreadPoolExecutor(max_workers=segments) as pool:
        list(pool.map(scan, range(segments)))
    if stripe:
        report.stripe_customers_read, report.stripe_traces = stripe_privacy.customers_mentioning(needle=report.email)
    report.traces.sort(key=lambda t: (t.entity, t.key, t.path))
    report.seconds = time.monotonic() - started
    return report


def _item_traces(item: dict[str, Any], needle: str) -> list[Trace]:
    entity = str(item.get("entity") or str(item.get("PK", "?")).split("#", 1)[0])  # counters have no entity
    key = f"{item.get('PK', '')} / {item.get('SK', '')}"
    paths = list(traces(item, needle))
    if entity == "Session" and isinstance(item.get("data"), str):
        paths += [f"data(decoded).{p}" for p in traces(_session_data(item["data"]), needle)]
    return [Trace(entity=entity, key=key, path=path) for path in paths]


def _session_data(encoded: str) -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore().decode(encoded)
