"""QUOTE_SKU#<sku> / DEAL#<deal>: which open quotes hold a product, so its stock changes reach their rooms.
Written and deleted in the same transaction as the quote line."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction
from dealroom.persistence import keys


class QuoteSkuItem(TableItem, discriminator="QuoteSku"):
    deal_id = UnicodeAttribute()


class QuoteMarkerStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def deals_holding(self, sku: str) -> list[str]:
        return [item.deal_id for item in QuoteSkuItem.query(keys.quote_sku_pk(sku))]

    def hold(self, *, sku: str, deal_id: str) -> None:
        self.tx.put(QuoteSkuItem(keys.quote_sku_pk(sku), keys.deal_pk(deal_id), deal_id=deal_id), label="marker")

    def drop(self, *, sku: str, deal_id: str) -> None:
        self.tx.delete(QuoteSkuItem(keys.quote_sku_pk(sku), keys.deal_pk(deal_id)), label="marker")
