"""The deal room's events: one dataclass per type, each field with its audience (see
commerce.domain.events). Written with the change they describe, in its transaction (DEAL#<id> /
EVENT#<seq>), and read by every subscriber from there. Pure Python."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Optional

from commerce.domain.events import CONTACT, INTERNAL, MEMBERS, PRICES, STAFF, Event, event_class, seen_by

SOURCE = "quorum.dealroom"


@dataclass(frozen=True)
class DealEvent(Event):
    SOURCE: ClassVar[str] = SOURCE


@dataclass(frozen=True)
class QuoteLineSet(DealEvent):
    """A committee member (or sales staff) set a quote line's quantity; 0 removed it."""

    TYPE = "quote.line_set"
    LABEL = "quote line changed"
    DETAIL_TYPE = "Quote Line Changed"
    sku: str = seen_by(MEMBERS)
    name: str = seen_by(MEMBERS)
    quantity: int = seen_by(MEMBERS)
    previous_quantity: int = seen_by(MEMBERS)
    quote_version: int = seen_by(MEMBERS)
    by: str = seen_by(MEMBERS)
    unit_price: Optional[dict[str, Any]] = seen_by(PRICES, default=None)
    line_total: Optional[dict[str, Any]] = seen_by(PRICES, default=None)

    def summary(self) -> str:
        was = f" (was {self.previous_quantity})" if self.previous_quantity else ""
        return f"{self.by} set {self.name} to {self.quantity}{was}"


@dataclass(frozen=True)
class ApprovalGiven(DealEvent):
    """A member of a required role approved one quote version."""

    TYPE = "approval.given"
    LABEL = "approved"
    DETAIL_TYPE = "Quote Approved"
    role: str = seen_by(MEMBERS)
    role_label: str = seen_by(MEMBERS)
    by: str = seen_by(MEMBERS)
    quote_version: int = seen_by(MEMBERS)
    ready: bool = seen_by(MEMBERS)

    def summary(self) -> str:
        return f"{self.by} approved version {self.quote_version} as {self.role_label}"


@dataclass(frozen=True)
class OrderCreated(DealEvent):
    """The economic buyer started paying for an approved quote version: an order holds its stock."""

    TYPE = "order.created"
    LABEL = "payment started"
    DETAIL_TYPE = "Deal Payment Started"
    quote_version: int = seen_by(MEMBERS)
    by: str = seen_by(MEMBERS)
    order_id: str = seen_by(PRICES)
    total: Optional[dict[str, Any]] = seen_by(PRICES, default=None)

    def summary(self) -> str:
        return f"{self.by or 'The economic buyer'} started payment for version {self.quote_version}"


@dataclass(frozen=True)
class MemberInvited(DealEvent):
    """Sales staff invited a person to the committee (their email stays with staff)."""

    TYPE = "member.invited"
    LABEL = "member invited"
    DETAIL_TYPE = "Committee Member Invited"
    name: str = seen_by(MEMBERS)
    role: str = seen_by(MEMBERS)
    role_label: str = seen_by(MEMBERS)
    email: str = seen_by(STAFF, kind=CONTACT)

    def summary(self) -> str:
        return f"{self.name or 'A new member'} was invited as {self.role_label}"


@dataclass(frozen=True)
class MemberJoined(DealEvent):
    """An invited person followed their link and joined the committee."""

    TYPE = "member.joined"
    LABEL = "member joined"
    DETAIL_TYPE = "Committee Member Joined"
    user_id: str = seen_by(MEMBERS)
    name: str = seen_by(MEMBERS)
    role: str = seen_by(MEMBERS)
    role_label: str = seen_by(MEMBERS)

    def summary(self) -> str:
        return f"{self.name} joined as {self.role_label}"


@dataclass(frozen=True)
class MemberRoleChanged(DealEvent):
    """Sales staff changed a member's committee role."""

    TYPE = "member.role_changed"
    LABEL = "role changed"
    DETAIL_TYPE = "Committee Role Changed"
    user_id: str = seen_by(MEMBERS)
    name: str = seen_by(MEMBERS)
    role: str = seen_by(MEMBERS)
    role_label: str = seen_by(MEMBERS)
    previous_role: Optional[str] = seen_by(STAFF, default=None)

    def summary(self) -> str:
        return f"{self.name} is now {self.role_label}"


@dataclass(frozen=True)
class MemberRemoved(DealEvent):
    """A member left the committee because their personal data was erased: their membership ended, and
    what they did stays in the log under "Former member"."""

    TYPE = "member.removed"
    LABEL = "member removed"
    DETAIL_TYPE = "Committee Member Removed"
    role: str = seen_by(MEMBERS)
    role_label: str = seen_by(MEMBERS)
    reason: str = seen_by(STAFF, default="erasure")

    def summary(self) -> str:
        return f"A former member ({self.role_label}) left the committee"


@dataclass(frozen=True)
class DealUpdated(DealEvent):
    """Sales staff changed the deal's terms. Members learn which of the terms they may know changed;
    stage, value, MEDDPICC and notes are the sales team's own."""

    TYPE = "deal.updated"
    LABEL = "terms updated"
    DETAIL_TYPE = "Deal Updated"
    DETAIL_TYPES = ("Deal Stage Changed", "Deal Updated")
    fields: tuple[str, ...] = seen_by(MEMBERS, default=())
    quote_version: Optional[int] = seen_by(MEMBERS, default=None)
    staff_fields: tuple[str, ...] = seen_by(STAFF, default=())
    stage: Optional[str] = seen_by(STAFF, default=None)
    previous_stage: Optional[str] = seen_by(STAFF, default=None)
    expected_value: Optional[int] = seen_by(STAFF, default=None)
    currency: Optional[str] = seen_by(STAFF, default=None)
    internal_notes: Optional[str] = seen_by(STAFF, kind=INTERNAL, default=None)  # when the notes changed

    def detail_type(self) -> str:
        moved = self.stage is not None and self.previous_stage is not None and self.stage != self.previous_stage
        return "Deal Stage Changed" if moved else self.DETAIL_TYPE

    def summary(self) -> str:
        names = ", ".join(f.replace("_bps", "").replace("_", " ") for f in self.fields)
        version = f": the quote is now version {self.quote_version}" if self.quote_version else ""
        return f"Sales updated the deal{f' ({names})' if names else ''}{version}"


@dataclass(frozen=True)
class StockChanged(DealEvent):
    """The stock of a product on the quote changed."""

    TYPE = "stock.changed"
    LABEL = "stock changed"
    DETAIL_TYPE = "Quote Stock Changed"
    sku: str = seen_by(MEMBERS)
    available: int = seen_by(MEMBERS)

    def summary(self) -> str:
        return f"Stock of {self.sku} is now {self.available}"


@dataclass(frozen=True)
class DealStalled(DealEvent):
    """Quorum noticed the deal stalled: no activity, or required roles silent, for `days` days or more."""

    TYPE = "deal.stalled"
    LABEL = "waiting on the committee"
    DETAIL_TYPE = "Deal Stalled"
    roles: tuple[str, ...] = seen_by(MEMBERS, default=())
    role_labels: tuple[str, ...] = seen_by(MEMBERS, default=())
    days: int = seen_by(MEMBERS, default=0)
    last_activity_at: int = seen_by(STAFF, default=0)
    stage: Optional[str] = seen_by(STAFF, default=None)

    def summary(self) -> str:
        waiting = ", ".join(self.role_labels) if self.role_labels else "the committee"
        return f"Waiting on {waiting} for {self.days}+ days"


def from_stored(event_type: str, payload: dict[str, Any]) -> Optional[Event]:
    """A stored event back as its typed object (None for a type this code no longer knows)."""
    cls = event_class(event_type)
    return cls.from_payload(payload) if cls is not None else None


@dataclass(frozen=True)
class Committed:
    """A deal event as committed: its place in the deal's log, who did it, when, and the event itself."""

    deal_id: str
    seq: int
    type: str
    actor: str
    at: int
    event: Optional[Event]
    correlation_id: Optional[str] = None  # observability metadata: the request/Stripe event that caused it
    actor_user_id: Optional[str] = None  # the member who made it (never shown: as_dict leaves it out)

    def as_dict(self, audience: str) -> dict[str, Any]:
        """What `audience` may see of it (the one serialization point for pages, API and websockets)."""
        return {"deal_id": self.deal_id, "seq": self.seq, "type": self.type,
                "label": self.event.LABEL if self.event else self.type, "actor": self.actor, "at": self.at,
                "summary": self.event.summary() if self.event else self.type,
                "payload": self.event.as_payload(audience) if self.event else {}}
