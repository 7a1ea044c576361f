"""A vendor's products: listed for its admin page, and taken off sale when its account cannot take charges."""
from __future__ import annotations

import logging

from commerce.domain.catalog import Product
from commerce.persistence.uow import unit_of_work
from commerce.services.product_admin import ProductChanged, product_update

log = logging.getLogger(__name__)
SYSTEM_ACTOR = "stripe (account.updated)"


def vendor_products(*, vendor_id: str) -> list[Product]:
    """The vendor's products, by sku (one Query of its partition, one BatchGet)."""
    u = unit_of_work()
    skus = u.vendors.products_of(vendor_id)
    products = u.products.get_many(skus) if skus else {}
    return [products[sku] for sku in sorted(products) if products[sku].vendor_id == vendor_id]


def vendor_products_off_sale(*, vendor_id: str) -> int:
    """Take every product of the vendor that is on sale off sale (audited, by Stripe's word). Returns how many."""
    count = 0
    for sku in unit_of_work().vendors.products_of(vendor_id):
        for _ in range(3):  # a concurrent staff edit moves the version: read it again
            found = unit_of_work().products.get(sku)
            if found is None or not found[0].active or found[0].vendor_id != vendor_id:
                break
            try:
                product_update(sku=sku, expected_version=found[1], actor=SYSTEM_ACTOR, active=False)
            except ProductChanged:
                continue
            count += 1
            break
    return count
