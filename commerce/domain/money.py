"""Money as integer minor units plus an ISO 4217 currency code. Never floats."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from commerce.errors import InvalidInput

_CURRENCY = re.compile(r"^[a-z]{3}$")
MAX_AMOUNT = 99_999_999_999  # Stripe's ceiling for an amount, and 12 digits for sort keys

# The one table of currency exponents (minor units per major unit = 10 ** exponent), as Stripe's API counts
# amounts: its zero-decimal and three-decimal lists, which follow ISO 4217. Every other currency has 2,
# including Stripe's special cases that ISO 4217 or card networks treat as whole units (ISK, HUF, TWD: the
# API still takes them with two decimals, "100" is 1 króna). Pages get this table from here, the browser too
# (`money_formats()` -> json_script -> static/js/money.js): never declare it anywhere else.
DEFAULT_EXPONENT = 2
ZERO_DECIMAL = frozenset({"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd",
                          "vuv", "xaf", "xof", "xpf"})
THREE_DECIMAL = frozenset({"bhd", "jod", "kwd", "omr", "tnd"})
EXPONENTS: dict[str, int] = {**{code: 0 for code in ZERO_DECIMAL}, **{code: 3 for code in THREE_DECIMAL}}
# Shown before the number; any other currency is shown as "1,234.50 CHF".
SYMBOLS: dict[str, str] = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥"}


def normalize_currency(code: str) -> str:
    code = (code or "").strip().lower()
    if not _CURRENCY.match(code):
        raise InvalidInput(f"currency must be a three-letter ISO code such as 'usd', not {code!r}")
    return code


def exponent(currency: str) -> int:
    """Decimal places of a currency's minor unit: 2 for USD and EUR, 0 for JPY, 3 for KWD."""
    return EXPONENTS.get(normalize_currency(currency), DEFAULT_EXPONENT)


def format_money(amount: int, currency: str) -> str:
    """Minor units as people read them: '$1,234.50', '€12.00', '¥500', '1.500 KWD', '10.00 CHF'.
    The browser's formatter (static/js/money.js) gives the same text from the same tables."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidInput(f"amount must be an integer number of minor units, not {amount!r}")
    code = normalize_currency(currency)
    places = exponent(code)
    whole, fraction = divmod(abs(amount), 10 ** places)
    number = f"{whole:,}" + (f".{fraction:0{places}d}" if places else "")
    symbol = SYMBOLS.get(code)
    shown = f"{symbol}{number}" if symbol else f"{number} {code.upper()}"
    return f"-{shown}" if amount < 0 else shown


def money_formats() -> dict[str, object]:
    """The tables the browser's formatter needs, for a page's json_script."""
    return {"default_exponent": DEFAULT_EXPONENT, "exponents": dict(sorted(EXPONENTS.items())),
            "symbols": dict(SYMBOLS)}


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
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def total(cls, amounts: Iterable[Money], currency: str) -> Money:
        """Sum of Money values in one currency (zero when there are none)."""
        result = cls.zero(currency)
        for amount in amounts:
            result = result + amount
        return result

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __mul__(self, quantity: int) -> Money:
        if not isinstance(quantity, int) or quantity < 0:
            raise InvalidInput("quantity must be a whole number of units")
        return Money(self.amount * quantity, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidInput(f"cannot combine {self.currency.upper()} with {other.currency.upper()}")

    def display(self) -> str:
        """'$1,234.50', '€12.00', '¥500' — for pages; the API always sends minor units."""
        return format_money(self.amount, self.currency)

    def as_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "currency": self.currency}
