"""Products: what can be bought, at what unit price, once or on a recurring interval."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from commerce.domain.money import Money
from commerce.errors import InvalidInput

SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CATEGORY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")
INTERVALS = ("month", "year")


def validate_sku(sku: str) -> str:
    if not isinstance(sku, str) or not SKU_PATTERN.match(sku):
        raise InvalidInput(
            f"sku {sku!r} is not valid: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    return sku


def validate_category(category: str) -> str:
    if not isinstance(category, str) or not CATEGORY_PATTERN.match(category):
        raise InvalidInput(f"category {category!r} is not valid: use lowercase letters, digits and '-' (max 48)")
    return category


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    category: str
    unit_price: Money
    description: str = ""
    recurring_interval: Optional[str] = None  # None: one-off; "month" or "year": subscription
    active: bool = True
    vendor_id: Optional[str] = None  # a partner vendor's product (paid out through Stripe Connect); None: Quorum's

    def __post_init__(self) -> None:
        validate_sku(self.sku)
        validate_category(self.category)
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidInput("name must not be empty")
        if len(self.name) > 200:
            raise InvalidInput("name must be at most 200 characters")
        if len(self.description or "") > 5000:
            raise InvalidInput("description must be at most 5000 characters")
        if self.recurring_interval not in (None, *INTERVALS):
            raise InvalidInput(f"recurring interval must be one of {', '.join(INTERVALS)}")
        if self.vendor_id and self.recurring_interval:
            raise InvalidInput("a vendor's product is sold once: vendors' subscriptions are not supported")

    @property
    def recurring(self) -> bool:
        return self.recurring_interval is not None
