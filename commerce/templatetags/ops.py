"""Template filters for the admin."""
import json
from datetime import UTC

from django import template
from django.urls import NoReverseMatch, reverse

from commerce.domain.money import format_money
from commerce.errors import InvalidInput

register = template.Library()

# the admin page of each kind of thing the audit log names (URL names, reversed with the thing's id)
TARGET_URLS = {"product": "ops:product", "order": "ops:order", "deal": "ops_deals:deal",
               "stripe_event": "ops:event", "vendor": "ops:vendor", "person": "ops_deals:privacy_request"}


@register.filter
def audit_target_url(entry) -> str:
    name = TARGET_URLS.get(entry.target_type)
    if not name:
        return "#"
    try:
        return reverse(name, args=[entry.target_id])
    except NoReverseMatch:  # an id no page can show (empty, or with a slash)
        return "#"


@register.filter
def money_of(amount, currency) -> str:
    """Minor units in a currency, as people read them (the domain's one formatter)."""
    try:
        return format_money(int(amount or 0), currency)
    except (InvalidInput, TypeError, ValueError):
        return str(amount)


def _as_fields(value) -> dict:
    return value if isinstance(value, dict) else ({} if value is None else {"value": value})


@register.filter
def audit_changes(entry) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field an audit entry names, values as short text."""
    before, after = _as_fields(entry.before), _as_fields(entry.after)

    def text(value) -> str:
        if value is None:
            return "–"
        shown = value if isinstance(value, str) else json.dumps(value, sort_keys=True, separators=(", ", ": "))
        return shown if len(shown) <= 80 else shown[:77] + "..."

    return [(key.replace("_", " "), text(before.get(key)) if key in before else "–",
             text(after.get(key)) if key in after else "–") for key in dict.fromkeys([*before, *after])]


@register.filter
def epoch_short(value) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(int(value), tz=UTC).strftime("%b %d %H:%M") if value else ""


@register.filter
def fee_rate(bps) -> str:
    """Basis points as a percentage: 1250 -> '12.5 %'."""
    from commerce.domain.vendors import percent

    try:
        return percent(int(bps))
    except (TypeError, ValueError):
        return ""
