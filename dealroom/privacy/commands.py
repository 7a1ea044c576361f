"""What the privacy commands share: who is asking (for the audit log) and errors as command errors."""
from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import TypeVar

from django.core.management.base import CommandError

from commerce.errors import QuorumError

T = TypeVar("T")


def add_actor(parser) -> None:
    parser.add_argument("--actor", default=None,
                        help="who asks, for the audit log (default: command:<operating-system user>)")


def actor_of(options: dict) -> str:
    return options.get("actor") or f"command:{getpass.getuser()}"


def run(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except QuorumError as exc:
        raise CommandError(f"{exc.detail} ({exc.code})") from None
