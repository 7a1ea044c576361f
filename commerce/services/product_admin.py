"""Staff writes and reads on products: create, edit (name, description, category, price), deactivate or
reactivate, each pinned to the version the person saw and audited in the same transaction."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from pynamodb.exceptions import DoesNotExist

from commerce.domain.catalog import Product, validate_sku
from commerce.domain.money import Money
from commerce.errors import Conflict, InvalidInput, NotFound
from commerce.persistence import keys, table
from commerce.persistence.catalog import CategoryItem, ProductItem, StockItem
from commerce.persistence.transaction import Transaction, TransactionCanceled
from commerce.services import product_cache
from commerce.services.audit import audit_entry
from commerce.services.catalog import MAX_STOCK
from commerce.services.pagination import Page, clamp_limit, decode_cursor, encode_cursor


class ProductChanged(Conflict):
    code = "product_changed"


def _snapshot(product: Product) -> dict:
    return {"name": product.name, "description": product.description, "category": product.category,
            "price": product.unit_price.amount, "currency": product.unit_price.currency,
            "recurring_interval": product.recurring_interval, "active": product.active}


def product_admin_get(*, sku: str) -> tuple[Product, int]:
    """The product and its version, active or not."""
    validate_sku(sku)
    try:
        item = ProductItem.get(keys.product_pk(sku), keys.PRODUCT_SK, consistent_read=True)
    except DoesNotExist:
        raise NotFound(f"no product with sku {sku!r}") from None
    return item.to_domain(), int(item.version or 1)


def product_admin_list(*, status: str = "active", category: str = "", search: str = "",
                       cursor: Optional[str] = None, limit: Optional[int] = None) -> Page[tuple[Product, int]]:
    """Active products (GSI2 CATALOG, or GSI1 for one category) or retired ones (GSI2 CATALOG#RETIRED),
    cheapest first; `search` matches a name fragment or an exact sku."""
    limit = clamp_limit(limit, default=25)
    start = decode_cursor(cursor)
    search = search.strip()
    if search and not cursor:
        try:
            exact = product_admin_get(sku=search)
            return Page(items=[exact], next_cursor=None)
        except (NotFound, InvalidInput):
            pass
    name_filter = ProductItem.name.contains(search) if search else None
    if status == "retired":
        index, hash_key, pk_attr, sk_attr = ProductItem.gsi2, keys.RETIRED_PK, table.GSI2_PK, table.GSI2_SK
    elif category:
        index, hash_key, pk_attr, sk_attr = ProductItem.gsi1, keys.category_pk(category), table.GSI1_PK, table.GSI1_SK
    else:
        index, hash_key, pk_attr, sk_attr = ProductItem.gsi2, keys.CATALOG_PK, table.GSI2_PK, table.GSI2_SK
    query = index.query(hash_key, filter_condition=name_filter, limit=limit, last_evaluated_key=start,
                        page_size=limit * 4 if search else limit)
    items = list(query)
    last = query.last_evaluated_key
    next_cursor = encode_cursor(last) if last and len(items) == limit else None
    return Page(items=[(i.to_domain(), int(i.version or 1)) for i in items], next_cursor=next_cursor)


def product_create(*, product: Product, on_hand: int, actor: str) -> Product:
    if isinstance(on_hand, bool) or not isinstance(on_hand, int) or not 0 <= on_hand <= MAX_STOCK:
        raise InvalidInput(f"Stock on hand must be a whole number between 0 and {MAX_STOCK}.")
    tx = Transaction()
    tx.put(ProductItem.from_domain(product), condition=ProductItem.pk.does_not_exist(), label="product")
    tx.put(CategoryItem(keys.CATALOG_PK, keys.category_sk(product.category), category=product.category),
           label="category")
    tx.put(StockItem(keys.product_pk(product.sku), keys.STOCK_SK, sku=product.sku, on_hand=on_hand, reserved=0,
                     available=on_hand), condition=StockItem.pk.does_not_exist(), label="stock")
    tx.put(audit_entry(actor=actor, action="product.create", target_type="product", target_id=product.sku,
                       after={**_snapshot(product), "on_hand": on_hand}), label="audit")
    try:
        tx.commit()
    except TransactionCanceled as exc:
        if exc.failed("product") or exc.failed("stock"):
            raise Conflict(f"A product with sku {product.sku} already exists.") from None
        raise
    return product


def product_update(*, sku: str, expected_version: int, actor: str, name: Optional[str] = None,
                   description: Optional[str] = None, category: Optional[str] = None,
                   price_amount: Optional[int] = None, active: Optional[bool] = None) -> Product:
    current, version = product_admin_get(sku=sku)
    if version != expected_version:
        raise ProductChanged(f"Someone else changed {sku} (now version {version}, you edited version "
                             f"{expected_version}). Your changes were not saved: review and apply them again.",
                             version=version)
    updated = replace(
        current,
        name=current.name if name is None else name.strip(),
        description=current.description if description is None else description.strip(),
        category=current.category if category is None else category.strip(),
        unit_price=current.unit_price if price_amount is None else Money(price_amount, current.unit_price.currency),
        active=current.active if active is None else active,
    )
    before, after = _snapshot(current), _snapshot(updated)
    changed = sorted(k for k in after if after[k] != before[k])
    if not changed:
        raise InvalidInput("Nothing changed.")
    item = ProductItem.from_domain(updated)
    item.version = version + 1
    pinned = ProductItem.version == version
    if version == 1:
        pinned |= ProductItem.version.does_not_exist()
    tx = Transaction()
    tx.put(item, condition=ProductItem.pk.exists() & pinned, label="product")
    if updated.category != current.category:
        tx.put(CategoryItem(keys.CATALOG_PK, keys.category_sk(updated.category), category=updated.category),
               label="category")
    action = "product.deactivate" if changed == ["active"] and not updated.active else (
        "product.reactivate" if changed == ["active"] else "product.update")
    tx.put(audit_entry(actor=actor, action=action, target_type="product", target_id=sku,
                       before={k: before[k] for k in changed}, after={k: after[k] for k in changed}), label="audit")
    try:
        tx.commit()
    except TransactionCanceled as exc:
        if exc.failed("product"):
            _, now = product_admin_get(sku=sku)
            raise ProductChanged(f"Someone else changed {sku} while you were editing (now version {now}). Your "
                                 "changes were not saved: review and apply them again.", version=now) from None
        raise
    product_cache.forget(sku)
    return updated
