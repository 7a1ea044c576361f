"""Billing periods as Stripe computes them: calendar intervals from an anchor, `interval_count` of them, the
anchor's day kept (Jan 31 + 1 month = Feb 28/29, then Mar 31)."""
from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta


def add(anchor: int, interval: str, count: int, times: int = 1) -> int:
    start = datetime.fromtimestamp(anchor, UTC)
    if interval == "day":
        return int((start + timedelta(days=count * times)).timestamp())
    if interval == "week":
        return int((start + timedelta(weeks=count * times)).timestamp())
    months = count * times * (12 if interval == "year" else 1)
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return int(start.replace(year=year, month=month, day=day).timestamp())


def period_containing(anchor: int, interval: str, count: int, moment: int) -> tuple[int, int]:
    """The period [start, end) that holds `moment`, periods counted from `anchor`."""
    n = 0
    while add(anchor, interval, count, n + 1) <= moment:
        n += 1
    return add(anchor, interval, count, n), add(anchor, interval, count, n + 1)
