"""Data minimization for what Stripe sends: Quorum acts on ids, amounts and statuses, never on a payer's
contact details, so a webhook payload is stored without them (Stripe stays their system of record). Applied
when a delivery is stored and to refused deliveries' excerpts; an erasure applies it again to older payloads.
Pure Python."""
from __future__ import annotations

import json
from typing import Any

from commerce.domain.privacy import scrub_emails

REDACTED = "[redacted]"
# properties that hold a person's contact details wherever they appear in a Stripe object
CONTACT_KEYS = frozenset({
    "email", "customer_email", "receipt_email", "phone", "customer_phone", "address", "customer_address",
    "shipping", "customer_shipping", "shipping_details", "customer_name", "billing_details", "customer_details",
    "collected_information", "individual", "tax_ids", "customer_tax_ids",
})
NAMED_OBJECTS = frozenset({"customer", "account", "person"})  # objects whose `name` is a person's or a payer's


def scrub_object(value: Any) -> Any:
    """A Stripe object (or event) with contact details nulled and email-like strings replaced."""
    if isinstance(value, dict):
        kind = value.get("object")
        named = isinstance(kind, str) and kind in NAMED_OBJECTS
        return {key: _nulled(inner) if key in CONTACT_KEYS or (named and key == "name") else scrub_object(inner)
                for key, inner in value.items()}
    if isinstance(value, list):
        return [scrub_object(inner) for inner in value]
    if isinstance(value, str):
        return scrub_emails(value, REDACTED)
    return value


def _nulled(value: Any) -> Any:
    """Keep the shape (a hash stays a hash with its keys), drop every value."""
    if isinstance(value, dict):
        return {key: _nulled(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_nulled(inner) for inner in value]
    return None


def scrub_payload(text: str) -> str:
    """A stored payload's text: unchanged when nothing personal is in it (byte for byte), else the scrubbed
    JSON; text that is not JSON keeps its words with email-like strings replaced."""
    try:
        parsed = json.loads(text)
    except ValueError:
        return scrub_emails(text, REDACTED)
    scrubbed = scrub_object(parsed)
    return text if scrubbed == parsed else json.dumps(scrubbed, indent=2)
