"""How the engine writes: role labels, counts in words, days. Pure Python."""
from __future__ import annotations

from dealroom.domain.deals import ROLE_LABELS

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def label(role: str) -> str:
    return ROLE_LABELS.get(role, role.replace("_", " ").capitalize())


def lower_label(role: str) -> str:
    return label(role).lower()


def count(n: int, noun: str) -> str:
    """count(2, "approval") -> "two approvals"."""
    word = _WORDS[n] if 0 <= n < len(_WORDS) else str(n)
    return f"{word} {noun}{'' if n == 1 else 's'}"


def days(n: float) -> str:
    whole = int(n)
    return f"{whole} day{'' if whole == 1 else 's'}"


def listing(items: list[str]) -> str:
    """listing(["a", "b", "c"]) -> "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def field_name(meddpicc_field: str) -> str:
    return meddpicc_field.replace("_", " ")
