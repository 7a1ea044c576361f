"""What other parts of Quorum decide about commerce's things, registered in their AppConfig.ready() by
dotted path (so commerce never imports them, and registering imports nothing at start-up):

- who may read an order: a shopper's order is reachable by its unguessable id alone (the id is the
  capability, as for the order page Stripe sends buyers back to); an order placed for a deal (customer
  id `deal:<id>`) only as the deal room decides;
- where a deal's quote (a cart) is opened: the cart endpoints send people there.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.module_loading import import_string

from commerce.domain.orders import Order

Reader = Callable[[Mapping[str, Any], Order], bool]  # (session, order) -> may read
_readers: dict[str, str] = {}
_quote_url: list[str] = []


def register_order_reader(prefix: str, reader: str) -> None:
    _readers[prefix] = reader


def register_quote_url(resolver: str) -> None:
    _quote_url[:] = [resolver]


def may_read_order(session: Mapping[str, Any], order: Order) -> bool:
    customer = order.customer_id or ""
    if ":" not in customer:
        return True
    reader = _readers.get(customer.split(":", 1)[0])
    return reader is not None and bool(import_string(reader)(session, order))


def quote_url(deal_id: str) -> str:
    return import_string(_quote_url[0])(deal_id) if _quote_url else ""
