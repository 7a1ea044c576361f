"""Template filters for shopper pages: money, times and statuses as people read them."""
from datetime import UTC, datetime

from django import template
from django.utils.html import json_script

from commerce.domain.money import Money, money_formats

register = template.Library()


@register.filter
def money(value: Money) -> str:
    return value.display() if isinstance(value, Money) else ""


@register.simple_tag
def money_formats_script() -> str:
    """The currency tables for static/js/money.js, as <script id="money-formats" type="application/json">."""
    return json_script(money_formats(), "money-formats")


@register.filter
def epoch_utc(value: int) -> str:
    return datetime.fromtimestamp(int(value), tz=UTC).strftime("%Y-%m-%d %H:%M")


@register.filter
def epoch_iso(value: int) -> str:
    return datetime.fromtimestamp(int(value), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@register.filter
def status_label(value: str) -> str:
    return (value or "").replace("_", " ").capitalize()
