"""Test data built through Quorum's own services (no hand-written items)."""
from __future__ import annotations

from typing import Optional

from commerce.domain.catalog import Product
from commerce.domain.money import Money
from commerce.services.catalog import product_upsert


def product(sku: str, *, price: int = 1000, category: str = "hardware", stock: int = 100, name: Optional[str] = None,
            active: bool = True, currency: str = "usd", interval: Optional[str] = None) -> Product:
    item = Product(sku=sku, name=name or f"Product {sku}", category=category, unit_price=Money(price, currency),
                   recurring_interval=interval, active=active)
    product_upsert(product=item, on_hand=stock)
    return item
