"""Deals, committee roles and the room's policy: who may see prices, who may edit, who must approve.
Pure Python: no django, boto3 or stripe."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from commerce.domain.money import Money
from commerce.errors import InvalidInput, NotFound

ROLES = ("economic_buyer", "champion", "technical_buyer", "legal", "procurement", "user")
ROLE_LABELS = {"economic_buyer": "Economic buyer", "champion": "Champion", "technical_buyer": "Technical buyer",
               "legal": "Legal", "procurement": "Procurement", "user": "User"}
STAGES = ("discovery", "evaluation", "proposal", "negotiation", "closed_won", "closed_lost")
MEDDPICC = ("metrics", "economic_buyer", "decision_criteria", "decision_process", "paper_process",
            "identified_pain", "champion", "competition")
DEFAULT_PRICE_ROLES = ("economic_buyer", "procurement")
DEFAULT_EDIT_ROLES = tuple(r for r in ROLES if r != "user")
DEFAULT_REQUIRED_ROLES = ("economic_buyer", "technical_buyer", "legal")
MAX_DISCOUNT_BPS = 9000  # 90 %


def validate_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    return role


def validate_roles(roles: list[str]) -> tuple[str, ...]:
    return tuple(validate_role(r) for r in dict.fromkeys(roles))


@dataclass(frozen=True)
class Pricing:
    """The deal's negotiated tier: a percentage off every line, and per-sku unit price overrides."""

    discount_bps: int = 0  # basis points: 1250 = 12.5 % off
    overrides: dict[str, int] = field(default_factory=dict)  # sku -> unit amount (minor units)

    def __post_init__(self) -> None:
        if not 0 <= self.discount_bps <= MAX_DISCOUNT_BPS:
            raise InvalidInput(f"discount must be between 0 and {MAX_DISCOUNT_BPS / 100:.0f} %")
        for sku, amount in self.overrides.items():
            if not isinstance(amount, int) or amount < 0:
                raise InvalidInput(f"price override for {sku} must be a whole number of minor units")

    def unit_price(self, sku: str, list_price: Money) -> Money:
        if sku in self.overrides:
            return Money(self.overrides[sku], list_price.currency)
        # round half up to the minor unit, never below zero
        discounted = (list_price.amount * (10_000 - self.discount_bps) + 5_000) // 10_000
        return Money(discounted, list_price.currency)


@dataclass(frozen=True)
class Deal:
    id: str
    account_name: str
    stage: str
    currency: str
    expected_value: int
    owner: str
    cart_id: str
    version: int
    created_at: int
    pricing: Pricing = field(default_factory=Pricing)
    meddpicc: dict[str, str] = field(default_factory=dict)
    internal_notes: str = ""
    price_roles: tuple[str, ...] = DEFAULT_PRICE_ROLES
    edit_roles: tuple[str, ...] = DEFAULT_EDIT_ROLES
    required_roles: tuple[str, ...] = DEFAULT_REQUIRED_ROLES
    # role -> {"user_id", "name", "at", "quote_version"}
    approvals: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_event_seq: int = 0
    last_activity_at: int = 0
    order_id: Optional[str] = None
    stage_changed_at: int = 0  # when the deal entered its current stage
    stalled_flagged_at: int = 0  # when Quorum last reported it stalled (a `deal.stalled` event)

    def can_see_prices(self, role: str) -> bool:
        return role in self.price_roles

    def can_edit(self, role: str) -> bool:
        return role in self.edit_roles

    def approvals_for(self, quote_version: int) -> dict[str, dict[str, Any]]:
        """Approvals count only for the quote version they approved: any change clears them."""
        return {role: a for role, a in self.approvals.items() if a.get("quote_version") == quote_version}

    def missing_approvals(self, quote_version: int) -> list[str]:
        current = self.approvals_for(quote_version)
        return [role for role in self.required_roles if role not in current]

    def ready(self, quote_version: int) -> bool:
        return not self.missing_approvals(quote_version)


@dataclass(frozen=True)
class Member:
    deal_id: str
    user_id: str
    email: str
    name: str
    role: str
    joined_at: int
    last_seen_at: int = 0
    views: int = 0
    actions: int = 0


def require_member(member: Optional[Member]) -> Member:
    if member is None:
        raise NotFound("no such deal")  # a non-member learns nothing, not even that the deal exists
    return member


@dataclass(frozen=True)
class Invite:
    """A one-time invitation to a deal's committee: works once, until `valid_until`."""

    id: str
    deal_id: str
    email: str
    role: str
    name: str
    valid_until: int
    created_by: str = ""
    used_at: Optional[int] = None
    used_by: Optional[str] = None


@dataclass
class DealChange:
    """What a deal event's transaction changes on the deal item itself, besides its sequence number."""

    approval: Optional[tuple[str, dict[str, Any]]] = None  # (role, {"user_id", "name", "at", "quote_version"})
    terms: Optional[dict[str, Any]] = None  # every editable term, as after the change (see services.deal_admin)
    order_id: Optional[str] = None
    bump_version: bool = False  # staff edits pin the deal's version
    stalled_flag: bool = False  # Quorum reports the deal stalled: not activity, so last_activity_at stays
    # approvals rewritten in place (role -> approval): an erased member's approval keeps counting, unnamed
    approvals_rewritten: dict[str, dict[str, Any]] = field(default_factory=dict)
