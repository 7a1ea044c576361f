"""A short-lived, per-process read-through cache of products for pricing cart lines.

Cart edits are the hottest write; re-reading the product on every one would double their DynamoDB
calls. Prices and names may be up to PRODUCT_CACHE_SECONDS old on a cart line; checkout always
re-reads products, so what is charged is never stale. Keyed by table, so tests never share entries.
"""
from __future__ import annotations

import threading
import time
from typing import Optional

from django.conf import settings

from commerce.domain.catalog import Product
from commerce.persistence import base
from commerce.persistence.uow import unit_of_work

_entries: dict[tuple[str, str], tuple[float, Optional[Product]]] = {}
_lock = threading.Lock()
MAX_ENTRIES = 10_000


def cached_product(sku: str) -> Optional[Product]:
    key = (base.table_name(), sku)
    ttl = settings.PRODUCT_CACHE_SECONDS
    now = time.monotonic()
    hit = _entries.get(key)
    if hit is not None and now - hit[0] < ttl:
        return hit[1]
    found = unit_of_work().products.get(sku, consistent=False)
    product: Optional[Product] = found[0] if found else None
    if ttl > 0:
        with _lock:
            if len(_entries) >= MAX_ENTRIES:
                _entries.clear()
            _entries[key] = (now, product)
    return product


def forget(sku: str) -> None:
    with _lock:
        _entries.pop((base.table_name(), sku), None)
