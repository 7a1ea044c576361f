"""Staff writes and reads on products: create, edit (name, description, category, price), deactivate or
reactivate, each pinned to the version the person saw and audited in the same transaction."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from commerce.domain.catalog import Product, validate_sku
from commerce.domain.money import Money
from commerce.domain.vendors import check_can_sell
from commerce.errors import Conflict, InvalidInput, NotFound
from commerce.persistence.uow import UnitOfWork, apply, unit_of_work
from commerce.services import product_cache
from commerce.services.audit import audit_add
from commerce.services.catalog import MAX_STOCK
from commerce.services.pagination import Page, clamp_limit, decode_cursor, encode_cursor


class ProductChanged(Conflict):
    code = "product_changed"


def _snapshot(product: Product) -> dict:
    return {"name": product.name, "description": product.description, "category": product.category,
            "price": product.unit_price.amount, "currency": product.unit_price.currency,
            "recurring_interval": product.recurring_interval, "active": product.active, "vendor_id": product.vendor_id}


def _vendor_may_sell(product: Product) -> None:
    """A vendor's product goes on sale only while its vendor can take charges (checked here for the message,
    and again by a condition in the same transaction as the product)."""
    if product.vendor_id:
        from commerce.services.vendors import vendor_get

        vendor = vendor_get(vendor_id=product.vendor_id)
        if product.active:
            check_can_sell(vendor)


def _vendor_intents(u: UnitOfWork, before: Optional[Product], after: Product) -> None:
    old, new = before.vendor_id if before else None, after.vendor_id
    if old and old != new:
        u.vendors.unlink_product(old, after.sku)
    if new and new != old:
        u.vendors.link_product(new, after.sku)
    if new and after.active:
        u.vendors.check_can_sell(new)


def product_admin_get(*, sku: str) -> tuple[Product, int]:
    """The product and its version, active or not."""
    validate_sku(sku)
    found = unit_of_work().products.get(sku)
    if found is None:
        raise NotFound(f"no product with sku {sku!r}")
    return found


def product_admin_list(*, status: str = "active", category: str = "", search: str = "",
                       cursor: Optional[str] = None, limit: Optional[int] = None) -> Page[tuple[Product, int]]:
    """Active products (GSI2 CATALOG, or GSI1 for one category) or retired ones (GSI2 CATALOG#RETIRED),
    cheapest first; `search` matches a name fragment or an exact sku."""
    limit = clamp_limit(limit, default=25)
    search = search.strip()
    if search and not cursor:
        try:
            return Page(items=[product_admin_get(sku=search)], next_cursor=None)
        except (NotFound, InvalidInput):
            pass
    listing = unit_of_work().products.listing(category=category or None, retired=status == "retired",
                                              name_contains=search, start=decode_cursor(cursor), limit=limit)
    return Page(items=listing.items, next_cursor=encode_cursor(listing.last_key))


def product_create(*, product: Product, on_hand: int, actor: str) -> Product:
    if isinstance(on_hand, bool) or not isinstance(on_hand, int) or not 0 <= on_hand <= MAX_STOCK:
        raise InvalidInput(f"Stock on hand must be a whole number between 0 and {MAX_STOCK}.")
    _vendor_may_sell(product)

    def build(u: UnitOfWork) -> None:
        u.products.add(product)
        u.stock.add_new(sku=product.sku, on_hand=on_hand)
        _vendor_intents(u, None, product)
        audit_add(u, actor=actor, action="product.create", target_type="product", target_id=product.sku,
                  after={**_snapshot(product), "on_hand": on_hand})

    if not apply(build, refused=lambda exc: bool(exc.failed("product") or exc.failed("stock") or exc.failed("vendor"))):
        _vendor_may_sell(product)  # the vendor's account changed meanwhile: say so
        raise Conflict(f"A product with sku {product.sku} already exists.")
    return product


def product_update(*, sku: str, expected_version: int, actor: str, name: Optional[str] = None,
                   description: Optional[str] = None, category: Optional[str] = None,
                   price_amount: Optional[int] = None, active: Optional[bool] = None,
                   vendor: Optional[str] = None) -> Product:
    """`vendor`: None keeps the product's vendor, "" makes it Quorum's own, an id gives it to that vendor."""
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
        vendor_id=current.vendor_id if vendor is None else (vendor or None),
    )
    before, after = _snapshot(current), _snapshot(updated)
    changed = sorted(k for k in after if after[k] != before[k])
    if not changed:
        raise InvalidInput("Nothing changed.")
    action = "product.deactivate" if changed == ["active"] and not updated.active else (
        "product.reactivate" if changed == ["active"] else "product.update")
    _vendor_may_sell(updated)

    def build(u: UnitOfWork) -> None:
        u.products.replace(updated, expected_version=version, category_changed=updated.category != current.category)
        _vendor_intents(u, current, updated)
        audit_add(u, actor=actor, action=action, target_type="product", target_id=sku,
                  before={k: before[k] for k in changed}, after={k: after[k] for k in changed})

    if not apply(build, refused=lambda exc: bool(exc.failed("product") or exc.failed("vendor"))):
        _vendor_may_sell(updated)
        _, now = product_admin_get(sku=sku)
        raise ProductChanged(f"Someone else changed {sku} while you were editing (now version {now}). Your "
                             "changes were not saved: review and apply them again.", version=now)
    product_cache.forget(sku)
    return updated
