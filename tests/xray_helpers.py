"""Reading what the devstack X-Ray receiver kept, as the admin's Traces page does (commerce.ops.trace_store)."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from commerce.ops import trace_store
from commerce.ops.trace_store import Trace
from devstack.services import XRayReceiver


@dataclass
class XRay:
    receiver: XRayReceiver

    def traces(self) -> list[Trace]:
        return trace_store.assemble(trace_store.read(self.receiver.data_dir))

    def wait_for(self, matches: Callable[[Trace], bool], *, timeout: float = 10.0) -> Trace:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [t for t in self.traces() if matches(t)]
            if found:
                return found[0]
            time.sleep(0.05)
        raise AssertionError(f"no such trace within {timeout}s among {len(self.traces())} kept")

    def correlated(self, correlation_id: str, **kwargs) -> Trace:
        return self.wait_for(lambda t: t.annotations.get("correlation_id") == correlation_id, **kwargs)
