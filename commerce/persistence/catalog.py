"""The product store: products and their categories on the single table, and the catalog's listings.

PRODUCT#<sku> / PRODUCT; active products sit in GSI1 CATEGORY#<cat> and GSI2 CATALOG sorted by price,
retired ones only in GSI2 CATALOG#RETIRED. CATALOG / CATEGORY#<cat> lists the categories.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, QueryError

from commerce.domain.catalog import Product
from commerce.domain.money import Money
from commerce.domain.stock import HELD, Reservation, Stock
from commerce.errors import InvalidInput
from commerce.persistence import keys, table
from commerce.persistence.base import TableItem, query_partition
from commerce.persistence.stock import ReservationItem, StockItem
from commerce.persistence.transaction import Transaction


class ProductItem(TableItem, discriminator="Product"):
    sku = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    category = UnicodeAttribute()
    price_amount = NumberAttribute()
    currency = UnicodeAttribute()
    recurring_interval = UnicodeAttribute(null=True)
    active = BooleanAttribute(default=True)
    vendor_id = UnicodeAttribute(null=True)  # a partner vendor's product (VENDOR#<id> / PRODUCT#<sku> lists it)
    version = NumberAttribute(default=1)  # staff edits in the admin pin it

    @classmethod
    def from_domain(cls, product: Product, *, version: int = 1) -> ProductItem:
        item = cls(
            keys.product_pk(product.sku), keys.PRODUCT_SK,
            sku=product.sku, name=product.name, description=product.description or "",
            category=product.category, price_amount=product.unit_price.amount,
            currency=product.unit_price.currency, recurring_interval=product.recurring_interval,
            active=product.active, vendor_id=product.vendor_id, version=version,
        )
        price = keys.price_sk(product.unit_price.amount, product.sku)
        if product.active:  # sparse indexes: inactive products drop out of every listing
            item.gsi1pk, item.gsi1sk = keys.category_pk(product.category), price
            item.gsi2pk, item.gsi2sk = keys.CATALOG_PK, price
        else:  # retired products are listed only for staff
            item.gsi2pk, item.gsi2sk = keys.RETIRED_PK, price
        return item

    def to_domain(self) -> Product:
        return Product(
            sku=self.sku, name=self.name, category=self.category,
            unit_price=Money(int(self.price_amount), self.currency), description=self.description or "",
            recurring_interval=self.recurring_interval, active=bool(self.active), vendor_id=self.vendor_id,
        )


class CategoryItem(TableItem, discriminator="Category"):
    """CATALOG / CATEGORY#<name>: the list of categories for the catalog's filter."""

    category = UnicodeAttribute()


@dataclass(frozen=True)
class Listing:
    """One page of a product listing, and the raw key to resume after it (None on the last page)."""

    items: list[tuple[Product, int]]  # (product, version)
    last_key: Optional[dict]


class ProductStore:
    LABEL = "product"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, sku: str, *, consistent: bool = True) -> Optional[tuple[Product, int]]:
        """The product and its version, active or not."""
        try:
            item = ProductItem.get(keys.product_pk(sku), keys.PRODUCT_SK, consistent_read=consistent)
        except DoesNotExist:
            return None
        return item.to_domain(), int(item.version or 1)

    def with_stock(self, sku: str) -> tuple[Optional[Product], Optional[Stock], list[Reservation]]:
        """The product, its stock and its held reservations: its whole partition in one Query."""
        product, stock, held = None, None, []
        for item in query_partition(keys.product_pk(sku)):
            if isinstance(item, ProductItem):
                product = item.to_domain()
            elif isinstance(item, StockItem):
                stock = item.to_domain()
            elif isinstance(item, ReservationItem) and item.status == HELD:
                held.append(item.to_domain())
        return product, stock, held

    def get_many(self, skus: list[str]) -> dict[str, Product]:
        found = ProductItem.batch_get([(keys.product_pk(sku), keys.PRODUCT_SK) for sku in set(skus)],
                                      consistent_read=True)
        return {item.sku: item.to_domain() for item in found}

    def put(self, product: Product, *, version: int = 1, label: str = LABEL) -> None:
        """Create or replace (the catalog import), but never a vendor's product: that one changes only through
        the admin, with its vendor's link (refused otherwise)."""
        self.tx.put(ProductItem.from_domain(product, version=version), condition=ProductItem.vendor_id.does_not_exist(),
                    label=label)
        self._category(product.category)

    def add(self, product: Product, *, label: str = LABEL) -> None:
        """A new product: refused (condition) if the sku exists."""
        self.tx.put(ProductItem.from_domain(product), condition=ProductItem.pk.does_not_exist(), label=label)
        self._category(product.category)

    def replace(self, product: Product, *, expected_version: int, category_changed: bool, label: str = LABEL) -> None:
        """A staff edit pinned to the version the person saw."""
        pinned = ProductItem.version == expected_version
        if expected_version == 1:
            pinned |= ProductItem.version.does_not_exist()
        self.tx.put(ProductItem.from_domain(product, version=expected_version + 1),
                    condition=ProductItem.pk.exists() & pinned, label=label)
        if category_changed:
            self._category(product.category)

    def _category(self, category: str) -> None:
        self.tx.put(CategoryItem(keys.CATALOG_PK, keys.category_sk(category), category=category), label="category")

    def categories(self) -> list[str]:
        found = CategoryItem.query(keys.CATALOG_PK, CategoryItem.sk.startswith(keys.CATEGORY_PREFIX))
        return sorted(item.category for item in found)

    def listing(self, *, category: Optional[str] = None, retired: bool = False, max_price: Optional[int] = None,
                name_contains: str = "", start: Optional[dict] = None, limit: int) -> Listing:
        """Products cheapest first: in one category (GSI1), across the catalog (GSI2 CATALOG) or retired
        (GSI2 CATALOG#RETIRED); optionally under a price (key condition) or matching a name (filter).
        Reads one more than `limit` when it can, so a resume key is given only when more exist."""
        if retired:
            index, hash_key, attrs = ProductItem.gsi2, keys.RETIRED_PK, (table.GSI2_PK, table.GSI2_SK)
            sk = ProductItem.gsi2sk
        elif category:
            index, hash_key, attrs = ProductItem.gsi1, keys.category_pk(category), (table.GSI1_PK, table.GSI1_SK)
            sk = ProductItem.gsi1sk
        else:
            index, hash_key, attrs = ProductItem.gsi2, keys.CATALOG_PK, (table.GSI2_PK, table.GSI2_SK)
            sk = ProductItem.gsi2sk
        condition = sk < keys.price_below_sk(max_price) if max_price is not None else sk.startswith(keys.PRICE_PREFIX)
        name_filter = ProductItem.name.contains(name_contains) if name_contains else None
        query = index.query(hash_key, condition, filter_condition=name_filter, limit=limit + 1,
                            last_evaluated_key=start, page_size=(limit + 1) * (4 if name_filter is not None else 1))
        try:
            items = list(query)
        except QueryError:
            if start is not None:
                raise InvalidInput("cursor does not belong to this listing: start again without it") from None
            raise
        last_key = None
        if len(items) > limit:
            items = items[:limit]
            last = items[-1]
            last_key = {table.PK: {"S": last.pk}, table.SK: {"S": last.sk},
                        attrs[0]: {"S": hash_key}, attrs[1]: {"S": getattr(last, "gsi1sk" if category and not retired
                                                                             else "gsi2sk")}}
        return Listing(items=[(item.to_domain(), int(item.version or 1)) for item in items], last_key=last_key)
