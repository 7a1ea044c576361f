"""A data subject across Quorum's items: who they are (an email, the user ids and names they had), whether a
value mentions them, what a value becomes once they are erased, and where a verifier finds them. Pure Python.

Matching is case-insensitive for the email (anywhere inside a string, inside JSON held in a string too);
user ids and names match whole strings only, so "Lee" never matches "Leeds"."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

FORMER_MEMBER = "Former member"  # what a person's name becomes in history that is kept
ERASED = "[erased]"  # what their email becomes inside kept text
# a match starts only where a run of address characters starts (the lookbehind): linear in the text's length,
# where an unanchored pattern retries from every position of a long run without "@" (quadratic: a 450 KB
# webhook payload took minutes)
EMAIL_LIKE = re.compile(r"(?<![^@\s\"'<>(),;:])[^@\s\"'<>(),;:]+@[^@\s\"'<>(),;:]+\.[^@\s\"'<>(),;:]+")


@dataclass(frozen=True)
class Person:
    email: str  # normalized (lower case)
    user_ids: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.email or self.email != self.email.lower():
            raise ValueError("a person is known by a normalized email")

    @property
    def _names(self) -> frozenset[str]:
        return frozenset(n.strip().lower() for n in self.names if n and n.strip() and n.strip() != FORMER_MEMBER)

    def _is_them(self, text: str) -> bool:
        return text in self.user_ids or text.strip().lower() in self._names

    def named_in_prose(self, text: str) -> bool:
        """Whether free text (an email draft: "Hi Dana Buyer,") has their email or one of their full names as
        whole words. Broader than `mentioned_in`: for text that is deleted, not kept, when it names them."""
        lowered = text.lower()
        return self.email in lowered or any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", lowered)
                                            for name in self._names)

    def mentioned_in(self, value: Any) -> bool:
        """Whether the value (a string, number, list or dict, nested) names this person."""
        if isinstance(value, str):
            return self.email in value.lower() or self._is_them(value)
        if isinstance(value, dict):
            return any(self.mentioned_in(k) or self.mentioned_in(v) for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return any(self.mentioned_in(v) for v in value)
        return False

    def scrub(self, value: Any) -> Any:
        """The value with this person taken out: their email inside text becomes ERASED, a string that is one
        of their user ids becomes "", one of their names becomes FORMER_MEMBER. Other data is kept."""
        if isinstance(value, str):
            if value in self.user_ids:
                return ""
            if value.strip().lower() in self._names:
                return FORMER_MEMBER
            return re.sub(re.escape(self.email), ERASED, value, flags=re.IGNORECASE)
        if isinstance(value, dict):
            return {k: self.scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.scrub(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.scrub(v) for v in value)
        return value


def traces(value: Any, needle: str, path: str = "") -> Iterator[str]:
    """The paths inside `value` where `needle` occurs (case-insensitive), descending into JSON held in
    strings (event payloads, audit values), so a verifier can say `payload.email` rather than `payload`."""
    needle = needle.lower()
    if isinstance(value, dict):
        for key, inner in value.items():
            where = f"{path}.{key}" if path else str(key)
            if needle in str(key).lower():
                yield where + " (key)"
            yield from traces(inner, needle, where)
    elif isinstance(value, (list, tuple)):
        for index, inner in enumerate(value):
            yield from traces(inner, needle, f"{path}[{index}]")
    elif isinstance(value, str):
        if needle not in value.lower():
            return
        parsed = _json(value)
        if parsed is not None:
            found = list(traces(parsed, needle, path))
            if found:
                yield from found
                return
        yield path or "(value)"
    elif value is not None and needle in str(value).lower():
        yield path or "(value)"


def _json(text: str) -> Any:
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return None
    try:
        return json.loads(stripped)
    except ValueError:
        return None


def scrub_emails(text: str, replacement: str = ERASED) -> str:
    """Every email-like string in free text replaced (data minimization where no one needs the address)."""
    return EMAIL_LIKE.sub(replacement, text)
