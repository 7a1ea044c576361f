"""Stream images (raw DynamoDB JSON) back as domain objects, through the same models that wrote them."""
from __future__ import annotations

from typing import Any, Optional

from commerce.persistence.base import TableItem


def decode(image: Optional[dict]) -> Any:
    """The domain object an item image holds (its model's `to_domain()`), or None for no image or an
    entity with no domain form."""
    if not image:
        return None
    try:
        item = TableItem.from_raw_data(image)
    except ValueError:  # an entity this process has no model for
        return None
    to_domain = getattr(item, "to_domain", None)
    return to_domain() if callable(to_domain) else None
