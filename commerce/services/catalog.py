"""Catalog writes: products with their stock, and the bulk import behind `manage.py catalog_load`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from commerce.domain.catalog import Product
from commerce.domain.money import Money
from commerce.errors import InvalidInput, QuorumError
from commerce.persistence.uow import UnitOfWork, apply
from commerce.services import product_cache

MAX_STOCK = 10_000_000


def product_upsert(*, product: Product, on_hand: int) -> None:
    """Create or replace a product and set its stock on hand, atomically. Reserved units are kept:
    on_hand below what is reserved right now is refused."""
    if isinstance(on_hand, bool) or not isinstance(on_hand, int) or not 0 <= on_hand <= MAX_STOCK:
        raise InvalidInput(f"stock must be a whole number between 0 and {MAX_STOCK}")
    if product.vendor_id:
        raise InvalidInput(f"{product.sku} is a vendor's product: vendors' products are created in the admin")
    refusal: list[str] = []

    def build(u: UnitOfWork) -> None:
        u.products.put(product)
        u.stock.set_on_hand(sku=product.sku, on_hand=on_hand)

    def refused(exc) -> bool:
        refusal[:] = ["product" if exc.failed("product") else "stock" if exc.failed("stock") else ""]
        return bool(refusal[0])

    if not apply(build, refused=refused):
        if refusal[0] == "product":
            raise InvalidInput(f"{product.sku} belongs to a vendor: change it in the admin, not by import")
        raise InvalidInput(f"stock for {product.sku} cannot go below the units reserved right now")
    product_cache.forget(product.sku)


def product_from_row(row: Any) -> tuple[Product, int]:
    """One catalog row: {"sku", "name", "category", "price": {"amount", "currency"}, "stock",
    optional "description", optional "recurring": {"interval": "month" | "year"}}."""
    if not isinstance(row, dict):
        raise InvalidInput("row must be an object")
    for name in ("sku", "name", "category", "price", "stock"):
        if name not in row:
            raise InvalidInput(f"missing field {name!r}")
    unknown = set(row) - {"sku", "name", "category", "price", "stock", "description", "recurring"}
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}")
    price = row["price"]
    if not isinstance(price, dict) or set(price) != {"amount", "currency"}:
        raise InvalidInput('price must be {"amount": <minor units>, "currency": "usd"}')
    recurring = row.get("recurring")
    if recurring is not None and (not isinstance(recurring, dict) or set(recurring) != {"interval"}):
        raise InvalidInput('recurring must be {"interval": "month"} or {"interval": "year"}')
    stock = row["stock"]
    if isinstance(stock, bool) or not isinstance(stock, int) or not 0 <= stock <= MAX_STOCK:
        raise InvalidInput(f"stock must be a whole number between 0 and {MAX_STOCK}")
    product = Product(
        sku=row["sku"], name=row["name"], category=row["category"],
        unit_price=Money(price["amount"], price["currency"]), description=row.get("description") or "",
        recurring_interval=recurring["interval"] if recurring else None,
    )
    return product, stock


@dataclass
class LoadReport:
    applied: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row index, reason)


def catalog_load(*, rows: Any, progress=lambda done, total: None) -> LoadReport:
    """Validate every row first; if any is bad, report them all and write nothing. Then apply each row
    in its own transaction (product + stock + category: all or nothing for that row)."""
    report = LoadReport()
    if not isinstance(rows, list):
        report.errors.append((-1, "the file must hold a JSON array of products"))
        return report
    parsed: list[tuple[int, Product, int]] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        try:
            product, stock = product_from_row(row)
        except QuorumError as exc:
            report.errors.append((index, exc.detail))
            continue
        if product.sku in seen:
            report.errors.append((index, f"sku {product.sku!r} already appears in row {seen[product.sku]}"))
            continue
        seen[product.sku] = index
        parsed.append((index, product, stock))
    if report.errors:
        return report
    for done, (index, product, stock) in enumerate(parsed, start=1):
        try:
            product_upsert(product=product, on_hand=stock)
            report.applied.append(product.sku)
        except QuorumError as exc:
            report.errors.append((index, exc.detail))
        progress(done, len(parsed))
    return report
