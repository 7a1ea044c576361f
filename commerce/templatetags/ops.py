"""Template filters for the admin."""
import json

from django import template
from django.urls import NoReverseMatch, reverse

from commerce.domain.money import format_money
from commerce.errors import InvalidInput

register = template.Library()

# the admin page of each kind of thing the audit log names (URL names, reversed with the thing's id)
TARGET_URLS = {"product": "ops:product", "order": "ops:order", "deal": "ops_deals:deal",
               "stripe_event": "ops:event"}


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


ACTIVITY = {"quote.line_set": "quote line changed", "approval.given": "approved", "member.joined": "member joined",
            "member.invited": "member invited", "order.created": "payment started", "stock.changed": "stock changed",
            "deal.updated": "terms updated", "member.role_changed": "role changed"}


@register.filter
def activity_label(event_type: str) -> str:
    return ACTIVITY.get(event_type, event_type)


@register.filter
def audit_changes(entry) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field an audit entry names, values as short text."""
    before = entry.before if isinstance(entry.before, dict) else ({} if entry.before is None else {"value": entry.before})
    after = entry.after if isinstance(entry.after, dict) else ({} if entry.after is None else {"value": entry.after})

    def text(value) -> str:
        if value is None:
            return "–"
        shown = value if isinstance(value, str) else json.dumps(value, sort_keys=True, separators=(", ", ": "))
        return shown if len(shown) <= 80 else shown[:77] + "..."

    return [(key.replace("_", " "), text(before.get(key)) if key in before else "–",
             text(after.get(key)) if key in after else "–") for key in dict.fromkeys([*before, *after])]


@register.filter
def epoch_short(value) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(int(value), tz=timezone.utc).strftime("%b %d %H:%M") if value else ""
