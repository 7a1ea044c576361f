"""Sign-in throttling and the admin's audit log on the single table.

THROTTLE#<scope>#<key> / <window>: failed sign-ins in one fixed window, per account and per address
(an atomic ADD; TTL removes old windows).
AUDIT / <ms>#<id>: every write made from the admin, newest last; GSI1 AUDIT#<target type>#<target id> /
same sort key: one thing's history (a product's, an order's, an event's)."""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from commerce.persistence.base import TableItem

AUDIT_PK = "AUDIT"


def throttle_pk(scope: str, key: str) -> str:
    return f"THROTTLE#{scope}#{key}"


def audit_target_pk(target_type: str, target_id: str) -> str:
    return f"AUDIT#{target_type}#{target_id}"


class ThrottleItem(TableItem, discriminator="Throttle"):
    failures = NumberAttribute(default=0)


class AuditItem(TableItem, discriminator="Audit"):
    actor = UnicodeAttribute()  # staff email
    action = UnicodeAttribute()  # e.g. stock.adjust, stripe_event.replay
    target_type = UnicodeAttribute()
    target_id = UnicodeAttribute()
    before = UnicodeAttribute(null=True)  # JSON
    after = UnicodeAttribute(null=True)  # JSON
    reason = UnicodeAttribute(null=True)
    at = NumberAttribute()  # epoch seconds
