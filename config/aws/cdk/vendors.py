"""The integrations' declarative input: one definition per vendor that receives Quorum's events (issue 15:
EventBridge bus `quorum-<stage>`, one rule and one queue with its DLQ per vendor). Pure data, no CDK import,
so Quorum's own code can hold the definitions later; the integrations stack is created only when a stage
has at least one."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Optional


@dataclass(frozen=True)
class Vendor:
    name: str  # salesforce, gong, clari, generic: names the rule, the queue and the consumer role
    event_pattern: Mapping[str, Any]  # EventBridge pattern keys: source, detail-type, detail
    fifo: bool = False  # ordered delivery (one message group per vendor; EventBridge's event id deduplicates)
    max_receive_count: int = 5  # receives before a message moves to the vendor's dead-letter queue
    consumer_account: Optional[str] = None  # who may assume the consumer role (default: the stage's account)

    def queue_name(self, stage: str, *, dead_letter: bool = False) -> str:
        name = f"quorum-{stage}-{self.name}" + ("-dlq" if dead_letter else "")
        return name + ".fifo" if self.fifo else name


def vendors(stage: str) -> tuple[Vendor, ...]:
    """The vendors a stage publishes to. None yet: the publisher and its definitions arrive with issue 15,
    which returns them from here (or points this at Quorum's own definitions)."""
    return ()
