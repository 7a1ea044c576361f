"""Products, categories and stock on the single table."""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute

from commerce.domain.catalog import Product
from commerce.domain.money import Money
from commerce.domain.stock import Stock
from commerce.persistence import keys
from commerce.persistence.base import TableItem


class ProductItem(TableItem, discriminator="Product"):
    sku = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    category = UnicodeAttribute()
    price_amount = NumberAttribute()
    currency = UnicodeAttribute()
    recurring_interval = UnicodeAttribute(null=True)
    active = BooleanAttribute(default=True)
    version = NumberAttribute(default=1)  # staff edits in the admin pin it

    @classmethod
    def from_domain(cls, product: Product) -> "ProductItem":
        item = cls(
            keys.product_pk(product.sku), keys.PRODUCT_SK,
            sku=product.sku, name=product.name, description=product.description or "",
            category=product.category, price_amount=product.unit_price.amount,
            currency=product.unit_price.currency, recurring_interval=product.recurring_interval,
            active=product.active,
        )
        if product.active:  # sparse indexes: inactive products drop out of every listing
            item.gsi1pk = keys.category_pk(product.category)
            item.gsi1sk = keys.price_sk(product.unit_price.amount, product.sku)
            item.gsi2pk = keys.CATALOG_PK
            item.gsi2sk = keys.price_sk(product.unit_price.amount, product.sku)
        else:  # retired products are listed only for staff
            item.gsi2pk = keys.RETIRED_PK
            item.gsi2sk = keys.price_sk(product.unit_price.amount, product.sku)
        return item

    def to_domain(self) -> Product:
        return Product(
            sku=self.sku, name=self.name, category=self.category,
            unit_price=Money(int(self.price_amount), self.currency), description=self.description or "",
            recurring_interval=self.recurring_interval, active=bool(self.active),
        )


class CategoryItem(TableItem, discriminator="Category"):
    """CATALOG / CATEGORY#<name>: the list of categories for the catalog's filter."""

    category = UnicodeAttribute()


class StockItem(TableItem, discriminator="Stock"):
    """PRODUCT#<sku> / STOCK. `available` = on_hand - reserved, stored so conditions can test it."""

    sku = UnicodeAttribute()
    on_hand = NumberAttribute(default=0)
    reserved = NumberAttribute(default=0)
    available = NumberAttribute(default=0)

    def to_domain(self) -> Stock:
        return Stock(sku=self.sku, on_hand=int(self.on_hand), reserved=int(self.reserved))
