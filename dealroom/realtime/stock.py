"""Stock changes reach every room whose quote holds the product: a stream handler on STOCK items appends a
`stock.changed` event to each such deal's log (and so, through the outbox, to every member's screen)."""
from __future__ import annotations

from commerce.persistence.carts import CartItem  # noqa: F401  (registers the entity for deserialising)
from dealroom.persistence import QuoteSkuItem, quote_sku_pk
from dealroom.services.log import commit_with_event


def on_stock_change(record: dict) -> None:
    if record.get("eventName") != "MODIFY":
        return
    old, new = record["dynamodb"].get("OldImage", {}), record["dynamodb"].get("NewImage", {})
    before, after = old.get("available", {}).get("N"), new.get("available", {}).get("N")
    if before == after or after is None:
        return
    sku, available = new["sku"]["S"], max(0, int(after))
    for marker in QuoteSkuItem.query(quote_sku_pk(sku)):
        commit_with_event(deal_id=marker.deal_id, build=lambda deal, tx: {
            "type": "stock.changed", "actor": "", "payload": {"sku": sku, "available": available}})
