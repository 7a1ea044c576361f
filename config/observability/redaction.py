"""What never reaches a log line or a trace: secrets and tokens (Stripe keys and client secrets, webhook
secrets, AWS keys and signatures, AppSync API keys, session and CSRF cookies, signed invitation tokens,
passwords), full card numbers (the last four stay) and customer emails (the domain stays).

`scrub(text)` works on the finished line (message, extra keys, exception and stack included), so nothing
depends on each call site remembering. Standard library only."""
from __future__ import annotations

import functools
import re

MASK = "[redacted]"

# "key": "value" / key=value pairs whose value is a secret whatever it looks like
_SECRET_KEYS = (r"password|passwd|secret|token|api[_-]?key|authorization|cookie|set-cookie|sessionid|csrftoken|"
                r"csrfmiddlewaretoken|stripe[_-]signature|signature|credential|x-amz-security-token")

# compiled on the first line scrubbed, not when logging is configured (cold start)
_SOURCES = (
    r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9_]+",  # Stripe API keys
    r"\bwhsec_[A-Za-z0-9_]+",  # Stripe webhook signing secrets
    r"\b(?:pi|seti|cs)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+",  # Stripe client secrets
    r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b",  # AWS access key ids
    r"\bda2-[a-z0-9]{20,}\b",  # AppSync API keys
    r"(?<=/deals/join/)[^/\s\"'?]+",  # invitation links carry a signed token
    r"\b[A-Za-z0-9_-]{8,}:[A-Za-z0-9_-]{6,}:[A-Za-z0-9_-]{20,}\b",  # Django signed values
    r"(?i)\bBearer\s+[A-Za-z0-9._~+/=-]+",
    r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])",  # SigV4 signatures (and any 256-bit hex secret)
)


@functools.cache
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], list[re.Pattern[str]], re.Pattern[str], re.Pattern[str]]:
    json_pair = re.compile(rf'("(?:[\w-]*?)(?:{_SECRET_KEYS})[\w-]*"\s*:\s*)"(?:[^"\\]|\\.)*"', re.IGNORECASE)
    kv_pair = re.compile(rf"\b((?:{_SECRET_KEYS})[\w-]*=)[^\s&;,'\"]+", re.IGNORECASE)
    card = re.compile(r"(?<![\d.])(?:\d[ -]?){13,18}\d(?![\d.])")
    # starts only where a run of address characters starts: linear on long lines ("\b" restarts at every dot)
    email = re.compile(r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")
    return json_pair, kv_pair, [re.compile(source) for source in _SOURCES], card, email


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return f"[card ****{digits[-4:]}]" if 14 <= len(digits) <= 19 and _luhn(digits) else match.group(0)


def scrub(text: str) -> str:
    json_pair, kv_pair, patterns, card, email = _compiled()
    text = json_pair.sub(lambda m: f'{m.group(1)}"{MASK}"', text)
    text = kv_pair.sub(lambda m: m.group(1) + MASK, text)
    for pattern in patterns:
        text = pattern.sub(MASK, text)
    text = card.sub(_card, text)
    return email.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
