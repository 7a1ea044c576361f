"""Vendors: partners whose products Quorum sells and pays out through their Stripe Connect (Express) account.

A vendor's account is created by Quorum, completed by the vendor on Stripe's hosted onboarding (an Account
Link), and kept current from `account.updated`. Only an account that can take charges may have products on
sale. Quorum keeps a platform fee on every sale: the vendor's own rate, or the default. Pure Python.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from commerce.errors import Conflict, InvalidInput

BPS = 10_000  # basis points in a whole: a fee rate of 1250 bps is 12.50 %
MAX_FEE_RATE_BPS = 5_000  # Quorum never keeps more than half of a vendor's sale
NO_ACCOUNT, ONBOARDING, RESTRICTED, CHARGES_ENABLED = "no_account", "onboarding", "restricted", "charges_enabled"
STATE_LABELS = {NO_ACCOUNT: "No Stripe account yet", ONBOARDING: "Onboarding", RESTRICTED: "Restricted",
                CHARGES_ENABLED: "Charges enabled"}
_ACCOUNT_ID = re.compile(r"^acct_[A-Za-z0-9]{1,64}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,24}$")


class VendorCannotSell(Conflict):
    """The vendor's Stripe account cannot take charges (onboarding unfinished, or restricted by Stripe), so
    none of its products may be on sale."""

    code = "vendor_cannot_take_charges"


def validate_fee_rate(bps: Any) -> int:
    if isinstance(bps, bool) or not isinstance(bps, int) or not 0 <= bps <= MAX_FEE_RATE_BPS:
        raise InvalidInput(f"a fee rate is a whole number of basis points between 0 and {MAX_FEE_RATE_BPS} "
                           f"(0 % to {MAX_FEE_RATE_BPS // 100} %)")
    return bps


def percent(bps: int) -> str:
    """1250 -> '12.5 %', 1000 -> '10 %'."""
    whole, rest = divmod(bps, 100)
    return f"{whole}.{rest:02d}".rstrip("0").rstrip(".") + " %"


def is_account_id(value: Any) -> bool:
    return isinstance(value, str) and bool(_ACCOUNT_ID.match(value))


@dataclass(frozen=True)
class AccountState:
    """What Stripe last said about a connected account (from `account.updated` or a retrieve)."""

    charges_enabled: bool = False
    payouts_enabled: bool = False
    details_submitted: bool = False
    requirements_due: tuple[str, ...] = ()
    disabled_reason: Optional[str] = None


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    email: str
    created_at: int
    account_id: Optional[str] = None
    fee_rate_bps: Optional[int] = None  # None: Quorum's default rate applies
    account: AccountState = field(default_factory=AccountState)
    links_issued: int = 0  # onboarding links asked of Stripe so far (each numbered for its idempotency key)
    synced_at: int = 0  # when the account state was last recorded
    version: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not 0 < len(self.name.strip()) <= 120:
            raise InvalidInput("a vendor's name is 1 to 120 characters")
        if not isinstance(self.email, str) or not _EMAIL.match(self.email):
            raise InvalidInput(f"{self.email!r} is not an email address")
        if self.fee_rate_bps is not None:
            validate_fee_rate(self.fee_rate_bps)
        if self.account_id is not None and not is_account_id(self.account_id):
            raise InvalidInput(f"{self.account_id!r} is not a Stripe account id")

    @property
    def state(self) -> str:
        if not self.account_id:
            return NO_ACCOUNT
        if self.account.charges_enabled:
            return CHARGES_ENABLED
        return RESTRICTED if self.account.details_submitted else ONBOARDING

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def can_take_charges(self) -> bool:
        return self.state == CHARGES_ENABLED

    def fee_rate(self, default_bps: int) -> int:
        return validate_fee_rate(default_bps if self.fee_rate_bps is None else self.fee_rate_bps)


def check_can_sell(vendor: Vendor) -> None:
    """A product of this vendor may go on sale (raises VendorCannotSell with what to do otherwise)."""
    if vendor.can_take_charges:
        return
    why = {NO_ACCOUNT: "it has no Stripe account yet", ONBOARDING: "it has not finished Stripe's onboarding",
           RESTRICTED: "Stripe has restricted its account" + (f" ({vendor.account.disabled_reason})"
                                                                if vendor.account.disabled_reason else "")}
    raise VendorCannotSell(f"{vendor.name} cannot take charges yet: {why[vendor.state]}. Its products stay off sale "
                           "until its onboarding is complete (open the vendor's page for the onboarding link).",
                           vendor_id=vendor.id, state=vendor.state)
