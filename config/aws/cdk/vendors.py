"""The integrations' declarative input: one definition per vendor that receives Quorum's events (issue 15:
EventBridge bus `quorum-<stage>`, one rule and one queue with its DLQ per vendor). Pure data, no CDK import.
The definitions are Quorum's own (commerce/domain/integrations.py): the same rules, queues and per-vendor
views the runtime publishes for and `manage.py crm_provision` creates locally."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Optional


@dataclass(frozen=True)
class Vendor:
    name: str  # salesforce, gong, clari, generic: names the rule, the queue and the consumer role
    event_pattern: Mapping[str, Any]  # EventBridge pattern keys: source, detail-type, detail
    fifo: bool = False  # ordered delivery: one message group per vendor, content-based deduplication
    max_receive_count: int = 5  # receives before a message moves to the vendor's dead-letter queue
    consumer_account: Optional[str] = None  # who may assume the consumer role (default: the stage's account)
    input_path: Optional[str] = None  # what of the bus event the queue receives (the vendor's own view)
    erasure_pattern: Optional[Mapping[str, Any]] = None  # a second rule, for Person Erased (a deal-level vendor)

    def queue_name(self, stage: str, *, dead_letter: bool = False) -> str:
        name = f"quorum-{stage}-{self.name}" + ("-dlq" if dead_letter else "")
        return name + ".fifo" if self.fifo else name


def vendors(stage: str) -> tuple[Vendor, ...]:
    """The vendors every stage publishes to: Quorum's definitions, as the CDK app needs them."""
    from commerce.domain.integrations import vendors as quorum_vendors

    return tuple(Vendor(v.name, v.event_pattern(), fifo=v.fifo, max_receive_count=v.max_receive_count,
                        input_path=v.view_path(), erasure_pattern=v.erasure_pattern()) for v in quorum_vendors())
