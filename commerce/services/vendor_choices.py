"""The vendors a product may belong to (the admin's product forms), and a product's vendor."""
from __future__ import annotations

from typing import Optional

from commerce.domain.catalog import Product
from commerce.domain.vendors import Vendor
from commerce.persistence.uow import unit_of_work

MAX_CHOICES = 100


def vendor_choices() -> tuple[tuple[str, str], ...]:
    vendors, _ = unit_of_work().vendors.newest(limit=MAX_CHOICES)
    return tuple(sorted(((v.id, v.name) for v in vendors), key=lambda pair: pair[1].lower()))


def product_vendor(product: Product) -> Optional[Vendor]:
    return unit_of_work().vendors.get(product.vendor_id) if product.vendor_id else None
