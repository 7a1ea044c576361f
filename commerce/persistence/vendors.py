"""The vendor store: VENDOR#<id> / VENDOR (the vendor, its connected account and what Stripe last said about it;
GSI1 VENDORS / <created>#<id> lists them) and VENDOR#<id> / PRODUCT#<sku> (its products, written in the
product's transaction)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Optional

from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce.domain.vendors import AccountState, Vendor
from commerce.persistence import keys
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction


class VendorItem(TableItem, discriminator="Vendor"):
    vendor_id = UnicodeAttribute()
    name = UnicodeAttribute()
    email = UnicodeAttribute()
    created_at = NumberAttribute()
    account_id = UnicodeAttribute(null=True)
    fee_rate_bps = NumberAttribute(null=True)
    charges_enabled = BooleanAttribute(default=False)
    payouts_enabled = BooleanAttribute(default=False)
    details_submitted = BooleanAttribute(default=False)
    requirements_due = ListAttribute(of=UnicodeAttribute, default=list)
    disabled_reason = UnicodeAttribute(null=True)
    links_issued = NumberAttribute(default=0)
    synced_at = NumberAttribute(default=0)
    version = NumberAttribute(default=1)

    def to_domain(self) -> Vendor:
        return Vendor(
            id=self.vendor_id, name=self.name, email=self.email, created_at=int(self.created_at),
            account_id=self.account_id, version=int(self.version or 1),
            fee_rate_bps=int(self.fee_rate_bps) if self.fee_rate_bps is not None else None,
            account=AccountState(charges_enabled=bool(self.charges_enabled),
                                 payouts_enabled=bool(self.payouts_enabled),
                                 details_submitted=bool(self.details_submitted),
                                 requirements_due=tuple(self.requirements_due or ()),
                                 disabled_reason=self.disabled_reason),
            links_issued=int(self.links_issued or 0), synced_at=int(self.synced_at or 0))


class VendorProductItem(TableItem, discriminator="VendorProduct"):
    vendor_id = UnicodeAttribute()
    sku = UnicodeAttribute()


def _key(vendor_id: str) -> VendorItem:
    return VendorItem(keys.vendor_pk(vendor_id), keys.VENDOR_SK)


class VendorStore:
    LABEL = "vendor"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, vendor_id: str) -> Optional[Vendor]:
        try:
            return VendorItem.get(keys.vendor_pk(vendor_id), keys.VENDOR_SK, consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def get_many(self, vendor_ids: list[str]) -> dict[str, Vendor]:
        found = VendorItem.batch_get([(keys.vendor_pk(v), keys.VENDOR_SK) for v in set(vendor_ids)],
                                     consistent_read=True)
        return {item.vendor_id: item.to_domain() for item in found}

    def newest(self, *, start: Optional[dict] = None, limit: int) -> tuple[list[Vendor], Optional[dict]]:
        query = VendorItem.gsi1.query(keys.VENDORS_PK, scan_index_forward=False, limit=limit,
                                      last_evaluated_key=start, page_size=limit)
        items = [item.to_domain() for item in query]
        return items, (query.last_evaluated_key if len(items) == limit else None)

    def products_of(self, vendor_id: str) -> list[str]:
        found = VendorProductItem.query(keys.vendor_pk(vendor_id),
                                        VendorProductItem.sk.startswith(keys.vendor_product_sk("")))
        return [item.sku for item in found]

    # --- intents ----------------------------------------------------------------------------------

    def add(self, vendor: Vendor) -> None:
        self.tx.put(VendorItem(
            keys.vendor_pk(vendor.id), keys.VENDOR_SK, vendor_id=vendor.id, name=vendor.name, email=vendor.email,
            created_at=vendor.created_at, fee_rate_bps=vendor.fee_rate_bps, version=1,
            gsi1pk=keys.VENDORS_PK, gsi1sk=keys.vendor_time_sk(vendor.created_at, vendor.id),
        ), condition=VendorItem.pk.does_not_exist(), label=self.LABEL)

    def set_account(self, vendor_id: str, *, account_id: str) -> None:
        """Once: refused when another account is recorded already (the same one is fine)."""
        self.tx.update(_key(vendor_id), [VendorItem.account_id.set(account_id)],
                       condition=VendorItem.pk.exists() & (VendorItem.account_id.does_not_exist()
                                                           | (VendorItem.account_id == account_id)),
                       label=self.LABEL)

    def record_account(self, vendor_id: str, *, account_id: str, state: AccountState, now: int) -> None:
        self.tx.update(_key(vendor_id), [
            VendorItem.charges_enabled.set(state.charges_enabled),
            VendorItem.payouts_enabled.set(state.payouts_enabled),
            VendorItem.details_submitted.set(state.details_submitted),
            VendorItem.requirements_due.set(list(state.requirements_due)),
            VendorItem.disabled_reason.set(state.disabled_reason) if state.disabled_reason
            else VendorItem.disabled_reason.remove(),
            VendorItem.synced_at.set(now)],
            condition=VendorItem.account_id == account_id, label=self.LABEL)

    def set_fee_rate(self, vendor_id: str, *, fee_rate_bps: Optional[int], expected_version: int) -> None:
        """Pinned to the version the person saw (`version` moves only with staff edits of the vendor's terms,
        never with Stripe's news of its account, so a webhook never voids an edit in progress)."""
        action = VendorItem.fee_rate_bps.set(fee_rate_bps) if fee_rate_bps is not None \
            else VendorItem.fee_rate_bps.remove()
        self.tx.update(_key(vendor_id), [action, VendorItem.version.add(1)],
                       condition=VendorItem.version == expected_version, label=self.LABEL)

    def count_link(self, vendor_id: str) -> Callable[[], int]:
        """Numbers the next onboarding link (for its idempotency key); commit it alone to read the number."""
        item = _key(vendor_id)
        self.tx.update(item, [VendorItem.links_issued.add(1)], condition=VendorItem.account_id.exists(),
                       label=self.LABEL)
        return lambda: int(item.links_issued)

    def check_can_sell(self, vendor_id: str) -> None:
        """A condition on the vendor's item, in the transaction that puts one of its products on sale: its
        account can take charges at that very moment."""
        self.tx.check(VendorItem, keys.vendor_pk(vendor_id), keys.VENDOR_SK,
                      condition=VendorItem.account_id.exists() & (VendorItem.charges_enabled == True),  # noqa: E712
                      label=f"{self.LABEL}:{vendor_id}")

    def link_product(self, vendor_id: str, sku: str) -> None:
        self.tx.put(VendorProductItem(keys.vendor_pk(vendor_id), keys.vendor_product_sk(sku), vendor_id=vendor_id,
                                      sku=sku), label="vendor_product")

    def unlink_product(self, vendor_id: str, sku: str) -> None:
        self.tx.delete(VendorProductItem(keys.vendor_pk(vendor_id), keys.vendor_product_sk(sku)),
                       label="vendor_product")
