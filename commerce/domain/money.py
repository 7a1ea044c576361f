"""Money as integer minor units plus an ISO 4217 currency code. Never floats."""
from __future__ import annotations

import re
from dataclasses import dataclass

from commerce.errors import InvalidInput

_CURRENCY = re.compile(r"^[a-z]{3}$")
# Currencies whose minor unit is not 1/100 (Stripe's list of zero-decimal currencies, the ones we may meet).
_ZERO_DECIMAL = {"jpy", "krw", "vnd", "clp", "isk", "ugx", "xaf", "xof"}
MAX_AMOUNT = 99_999_999_999  # Stripe's ceiling for an amount, and 12 digits for sort keys


def normalize_currency(code: str) -> str:
    code = (code or "").strip().lower()
    if not _CURRENCY.match(code):
        raise InvalidInput(f"currency must be a three-letter ISO code such as 'usd', not {code!r}")
    return code


@dataclass(frozen=True, order=True)
class Money:
    amount: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise InvalidInput(f"amount must be an integer number of minor units, not {self.amount!r}")
        if not 0 <= self.amount <= MAX_AMOUNT:
            raise InvalidInput(f"amount must be between 0 and {MAX_AMOUNT} minor units")
        object.__setattr__(self, "currency", normalize_currency(self.currency))

    @classmethod
    def zero(cls, currency: str) -> "Money":
        return cls(0, currency)

    @classmethod
    def total(cls, amounts, currency: str) -> "Money":
        """Sum of Money values in one currency (zero when there are none)."""
        result = cls.zero(currency)
        for amount in amounts:
            result = result + amount
        return result

    def __add__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __mul__(self, quantity: int) -> "Money":
        if not isinstance(quantity, int) or quantity < 0:
            raise InvalidInput("quantity must be a whole number of units")
        return Money(self.amount * quantity, self.currency)

    def _same_currency(self, other: "Money") -> None:
        if other.currency != self.currency:
            raise InvalidInput(f"cannot combine {self.currency.upper()} with {other.currency.upper()}")

    def display(self) -> str:
        """'$1,234.50', '€12.00', '¥500' — for pages; the API always sends minor units."""
        symbol = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥"}.get(self.currency)
        if self.currency in _ZERO_DECIMAL:
            number = f"{self.amount:,}"
        else:
            number = f"{self.amount // 100:,}.{self.amount % 100:02d}"
        return f"{symbol}{number}" if symbol else f"{number} {self.currency.upper()}"

    def as_dict(self) -> dict:
        return {"amount": self.amount, "currency": self.currency}
