"""The revenue-stack fan-out's rules (issue 15): which vendors receive which events, what of an event each
vendor may receive (its allowlist, by field kind), and the versioned envelope they receive. Pure Python.

One committed event -> ONE EventBridge entry on the bus `quorum-<stage>`: `source` and `detail-type` say what
happened; `detail` carries the envelope's header (type, version, source, id, occurred_at, subject, deal_id)
and, under `views`, the whole envelope as each interested vendor may see it. Each vendor's rule matches on
source, detail-type and (for deal-level vendors) the presence of `deal_id`, and its target hands the vendor's
queue exactly `$.detail.views.<vendor>`: per-vendor allowlists are decided here, in code, never by
transformers. The envelope's schema is docs/events/<type>.v<version>.json."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Optional

from commerce.domain.events import CONTACT, INTERNAL, PLAIN, SECRET, STAFF, Event

DEALROOM, COMMERCE = "quorum.dealroom", "quorum.commerce"
SOURCES = (DEALROOM, COMMERCE)
ERASURE = "Person Erased"  # every vendor hears of it, deal-level or not: it erases the person too


@dataclass(frozen=True)
class Vendor:
    """One vendor: its rule (detail types; deal-level only or everything), its queue (FIFO when the vendor
    applies events as state upserts, where order matters), its DLQ threshold and its allowlist of kinds."""

    name: str
    purpose: str
    detail_types: tuple[str, ...] = ()  # empty: every detail type (the catch-all)
    deals_only: bool = True  # only events about a deal (a deal's own, or its order's)
    fifo: bool = False
    max_receive_count: int = 5
    kinds: frozenset[str] = field(default_factory=lambda: frozenset({PLAIN}))
    erasures: bool = True  # receives Person Erased (through a second rule when the first does not match it)

    def __post_init__(self) -> None:
        if SECRET in self.kinds:
            raise ValueError(f"{self.name}: secrets (session or invitation tokens) never leave Quorum")

    def wants(self, source: str, detail_type: str, deal_id: Optional[str]) -> bool:
        """What the vendor's rule matches (the same decision EventBridge makes with `event_pattern()`)."""
        if self.erasure_pattern() and source == COMMERCE and detail_type == ERASURE:
            return True
        if source not in SOURCES or (self.deals_only and not deal_id):
            return False
        return not self.detail_types or detail_type in self.detail_types

    def event_pattern(self) -> dict[str, Any]:
        pattern: dict[str, Any] = {"source": list(SOURCES)}
        if self.detail_types:
            pattern["detail-type"] = list(self.detail_types)
        if self.deals_only:
            pattern["detail"] = {"deal_id": [{"exists": True}]}
        return pattern

    def erasure_pattern(self) -> Optional[dict[str, Any]]:
        """The second rule's pattern, for a vendor whose first rule does not take Person Erased (a deal-level
        vendor: an erased person is not one deal's); None when the first rule takes it or it wants none."""
        if not self.erasures or (not self.deals_only and (not self.detail_types or ERASURE in self.detail_types)):
            return None
        return {"source": [COMMERCE], "detail-type": [ERASURE]}

    def rule_names(self, stage: str) -> tuple[str, ...]:
        """Its rules on the bus: `quorum-<stage>-<vendor>` and, with an erasure pattern, `...-erasures`."""
        main = f"quorum-{stage}-{self.name}"
        return (main, f"{main}-erasures") if self.erasure_pattern() else (main,)

    @property
    def allowlist(self) -> tuple[str, ...]:
        """The kinds of fields it receives, sorted (for people)."""
        return tuple(sorted(self.kinds))

    def view_path(self) -> str:
        """The JSON path of this vendor's envelope in a bus event (its rule target's input)."""
        return f"$.detail.views.{self.name}"

    def queue_name(self, stage: str, *, dead_letter: bool = False) -> str:
        name = f"quorum-{stage}-{self.name}" + ("-dlq" if dead_letter else "")
        return name + ".fifo" if self.fifo else name

    def with_internal_notes(self) -> Vendor:
        return replace(self, kinds=self.kinds | {INTERNAL})


_DEAL = ("Deal Stage Changed", "Deal Updated")
_COMMITTEE = ("Committee Member Invited", "Committee Member Joined", "Committee Role Changed")
_ORDER_OUTCOMES = ("Order Paid", "Order Canceled", "Order Expired", "Order Partially Refunded", "Order Refunded")

VENDORS: tuple[Vendor, ...] = (
    Vendor("salesforce", "Opportunity and OpportunityContactRole upserts: opportunity-level events",
           detail_types=(*_DEAL, "Quote Line Changed", "Quote Approved", "Deal Payment Started", *_COMMITTEE,
                         *_ORDER_OUTCOMES),
           fifo=True, kinds=frozenset({PLAIN, CONTACT})),
    Vendor("gong", "engagement and activity on the deal's timeline",
           detail_types=(*_COMMITTEE, "Quote Line Changed", "Quote Approved", "Deal Payment Started", "Deal Stalled",
                         "Deal Scored"),
           kinds=frozenset({PLAIN, CONTACT})),
    Vendor("clari", "forecast-relevant changes: stage, value, approvals, stalls, scores, payment, subscriptions",
           detail_types=(*_DEAL, "Quote Approved", "Deal Stalled", "Deal Scored", *_ORDER_OUTCOMES,
                         "Order Payment Failed", "Order Refund Issued", "Subscription Started", "Subscription Changed",
                         "Subscription Canceled"),
           fifo=True),
    Vendor("generic", "catch-all: every event, for the customer's own warehouse or integration platform",
           deals_only=False),
)


def vendors(internal_notes_for: frozenset[str] = frozenset()) -> tuple[Vendor, ...]:
    """The vendors, with internal notes allowed for the ones named (a setting: none by default)."""
    return tuple(v.with_internal_notes() if v.name in internal_notes_for else v for v in VENDORS)


@dataclass(frozen=True)
class Subject:
    """What an event is about and its position there: a deal's event seq, an order's version, a
    subscription's Stripe event time, a deal score's revision, a vendor share's version. A consumer applies a
    subject's events in position order."""

    kind: str  # deal | deal_score | order | subscription | vendor | vendor_share | person
    id: str
    position: int

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "position": self.position}


@dataclass(frozen=True)
class Outgoing:
    """One committed event on its way to the bus."""

    event: Event
    subject: Subject
    occurred_at: str  # ISO 8601 UTC, from the commit (never the publishing time: re-sends are identical)
    deal_id: Optional[str] = None
    republished_at: Optional[str] = None  # staff put it on the bus again (a new body: FIFO queues take it)

    @property
    def id(self) -> str:
        """The deduplication id: deal id + seq for a deal's events; order id + version (+ type: one version
        can make a status change and a refund) for orders; subscription id + Stripe time + type."""
        base = f"{self.subject.kind}:{self.subject.id}:{self.subject.position}"
        return base if self.subject.kind == "deal" else f"{base}:{self.event.TYPE}"

    def envelope(self, vendor: Optional[Vendor] = None) -> dict[str, Any]:
        """The versioned envelope (docs/events) with the payload `vendor` may receive (all staff may see, when
        None: Quorum's own use)."""
        kinds = vendor.kinds if vendor else None
        found = {"type": self.event.TYPE, "version": self.event.VERSION, "source": self.event.SOURCE,
                 "detail_type": self.event.detail_type(), "id": self.id, "occurred_at": self.occurred_at,
                 "subject": self.subject.as_dict(), "payload": self.event.as_payload(STAFF, kinds=kinds)}
        if self.republished_at:
            found["republished_at"] = self.republished_at
        return found

    def recipients(self, among: tuple[Vendor, ...]) -> tuple[Vendor, ...]:
        return tuple(v for v in among if v.wants(self.event.SOURCE, self.event.detail_type(), self.deal_id))

    def detail(self, among: tuple[Vendor, ...]) -> dict[str, Any]:
        """The bus event's `detail`: the header rules match on, and each recipient's envelope."""
        header = {key: value for key, value in self.envelope().items() if key != "payload"}
        if self.deal_id:
            header["deal_id"] = self.deal_id
        return {**header, "views": {v.name: self.envelope(v) for v in self.recipients(among)}}
