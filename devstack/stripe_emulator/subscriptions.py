"""Subscriptions as Stripe runs them: created `incomplete` with a first invoice (billing_reason
subscription_create) that, once paid, makes them `active`; `trialing` with a zero invoice when a trial is asked
for; calendar periods with `interval_count`; renewals invoiced (subscription_cycle) when a period ends, paid with
the default payment method or `past_due`; `cancel_at_period_end`, `cancel_at`, and immediate cancellation
setting `canceled_at`/`ended_at`; `incomplete` turning `incomplete_expired` after 23 hours."""
from __future__ import annotations

from typing import Optional

from devstack.stripe_emulator import cards, catalog, currencies, invoice_items, invoices, periods
from devstack.stripe_emulator.errors import bad_state, card_error, invalid, missing
from devstack.stripe_emulator.store import Store

INCOMPLETE_EXPIRES = 23 * 3600


def resolve_price(store: Store, item: dict, param: str) -> dict:
    if item.get("price"):
        price = store.get(item["price"], "price", "price", param=f"{param}[price]")
        if not price["active"]:
            raise invalid(f"{param}[price]", f"The price specified ({price['id']}) is inactive. This field only "
                                             "accepts active prices.")
        return price
    data = item.get("price_data")
    if not data:
        raise missing(f"{param}[price]")
    return catalog.price_create(store, {**data, "currency": currencies.check(data["currency"], f"{param}[price_data][currency]")},
                                f"{param}[price_data]")


def create(store: Store, *, customer: dict, items: list[tuple[dict, int, dict]], metadata: dict,
           trial_days: Optional[int] = None, trial_end: Optional[int] = None, default_pm: Optional[str] = None,
           collection_method: str = "charge_automatically", days_until_due: Optional[int] = None,
           payment_behavior: str = "allow_incomplete", cancel_at_period_end: bool = False,
           cancel_at: Optional[int] = None, description: Optional[str] = None, transfer_data: Optional[dict] = None,
           application_fee_percent: Optional[float] = None, from_request: bool = True,
           add_invoice_items: tuple[tuple[dict, int], ...] = ()) -> dict:
    """items: (price, quantity, metadata); add_invoice_items: one-time (price, quantity) billed on the first
    invoice. Returns the subscription after its first invoice was handled."""
    recurring = {(p["currency"], p["recurring"]["interval"], p["recurring"]["interval_count"]) for p, _, _ in items
                 if p["recurring"]}
    if len(recurring) != 1 or any(not p["recurring"] for p, _, _ in items):
        raise invalid("items", "All prices on a subscription must be recurring and share currency and billing "
                               "interval.")
    currency, interval, count = recurring.pop()
    now = store.now()
    if trial_days:
        trial_end = periods.add(now, "day", trial_days)
    anchor = trial_end or now
    end = trial_end or periods.add(now, interval, count)
    sub = store.new("subscription", "sub", customer=customer["id"], currency=currency, metadata=metadata,
                    status="trialing" if trial_end else "incomplete", start_date=now, billing_cycle_anchor=anchor,
                    collection_method=collection_method, days_until_due=days_until_due,
                    default_payment_method=default_pm, description=description,
                    cancel_at_period_end=cancel_at_period_end, cancel_at=cancel_at,
                    trial_start=now if trial_end else None, trial_end=trial_end, transfer_data=transfer_data,
                    application_fee_percent=application_fee_percent,
                    automatic_tax={"disabled_reason": None, "enabled": False, "liability": None},
                    billing_mode={"flexible": None, "type": "classic", "updated_at": None},
                    invoice_settings={"account_tax_ids": None, "issuer": {"account": None, "type": "self"}},
                    payment_settings={"payment_method_options": None, "payment_method_types": None,
                                      "save_default_payment_method": "off"},
                    trial_settings={"end_behavior": {"missing_payment_method": "create_invoice"}})
    sub["items"] = {"object": "list", "data": [], "has_more": False, "total_count": len(items),
                    "url": f"/v1/subscription_items?subscription={sub['id']}"}
    for price, quantity, item_metadata in items:
        sub["items"]["data"].append(store.new(
            "subscription_item", "si", subscription=sub["id"], price=dict(price), quantity=quantity,
            metadata=item_metadata, current_period_start=now, current_period_end=end, discounts=[], tax_rates=[]))
    store.emit("customer.subscription.created", sub, from_request=from_request)
    _bill(store, sub, now, end, "subscription_create", trial=bool(trial_end), payment_behavior=payment_behavior,
          from_request=from_request, extras=add_invoice_items)
    return sub


def _bill(store: Store, sub: dict, start: int, end: int, reason: str, *, trial: bool = False,
          payment_behavior: str = "allow_incomplete", from_request: bool = True,
          extras: tuple[tuple[dict, int], ...] = ()) -> dict:
    customer = store.objects[sub["customer"]]
    invoice = invoices.new(store, customer=customer, currency=sub["currency"], collection_method=sub["collection_method"],
                           days_until_due=sub["days_until_due"], subscription=sub["id"], billing_reason=reason,
                           auto_advance=True, metadata={}, transfer_data={"destination": sub["transfer_data"]["destination"]}
                           if sub["transfer_data"] else None)
    invoice.update(period_start=start, period_end=end)
    for item in sub["items"]["data"]:
        price = item["price"]
        amount = 0 if trial else price["unit_amount"] * item["quantity"]
        label = f"{'Trial period for ' if trial else ''}{item['quantity']} × {_product_name(store, price)}"
        invoice_items.create(store, customer=customer["id"], amount=amount, currency=sub["currency"], description=label,
                             quantity=item["quantity"], invoice=invoice["id"], metadata={}, price=price,
                             period={"start": start, "end": end}, subscription=sub["id"])
    for price, quantity in extras:
        invoice_items.create(store, customer=customer["id"], amount=price["unit_amount"] * quantity,
                             currency=price["currency"], description=f"{quantity} × {_product_name(store, price)}",
                             quantity=quantity, invoice=invoice["id"], metadata={}, price=price, subscription=sub["id"])
    if sub["application_fee_percent"] and sub["transfer_data"]:
        store.private[invoice["id"]]["application_fee_amount"] = round(invoice["amount_due"] *
                                                                       sub["application_fee_percent"] / 100)
    store.emit("invoice.created", invoice, from_request=from_request)
    sub["latest_invoice"] = invoice["id"]
    invoices.finalize(store, invoice)
    if invoice["status"] == "paid":
        return invoice
    if sub["collection_method"] == "send_invoice":
        store.emit("invoice.sent", invoice, from_request=from_request)
        if sub["status"] == "incomplete":
            _set_status(store, sub, "active", from_request)
        return invoice
    if payment_behavior == "default_incomplete":
        return invoice
    pm_id = sub["default_payment_method"]
    pm = store.objects.get(pm_id) if pm_id else cards.default_for(store, sub["customer"])
    if pm is None:
        if payment_behavior == "error_if_incomplete":
            raise bad_state("This customer has no attached payment source or default payment method.")
        if reason != "subscription_create":
            _set_status(store, sub, "past_due", from_request)
        return invoice
    error = invoices.pay_with(store, invoice, pm, from_request=from_request)
    if error:
        if payment_behavior == "error_if_incomplete":
            raise card_error(error["message"], code=error["code"], decline_code=error["decline_code"],
                             extra={"charge": error["charge"]})
        if reason != "subscription_create":
            _set_status(store, sub, "past_due", from_request)
    return invoice


def _product_name(store: Store, price: dict) -> str:
    product = store.objects.get(price["product"]) or {}
    return product.get("name") or price["product"]


def _set_status(store: Store, sub: dict, status: str, from_request: bool = True) -> None:
    if sub["status"] != status:
        previous = {"status": sub["status"]}
        sub["status"] = status
        store.emit("customer.subscription.updated", sub, previous, from_request=from_request)


def invoice_paid(store: Store, invoice: dict) -> None:
    """A subscription's invoice was paid (on the hosted page, by `pay`, or automatically)."""
    sub_id = ((invoice.get("parent") or {}).get("subscription_details") or {}).get("subscription")
    sub = store.objects.get(sub_id or "")
    if sub and sub["status"] in ("incomplete", "past_due", "unpaid"):
        _set_status(store, sub, "active", from_request=False)


def end(store: Store, sub: dict, *, reason: str, comment: Optional[str] = None, feedback: Optional[str] = None,
        from_request: bool = True) -> dict:
    now = store.now()
    sub.update(status="canceled", canceled_at=sub["canceled_at"] or now, ended_at=now,
               cancellation_details={"comment": comment, "feedback": feedback, "reason": reason})
    store.emit("customer.subscription.deleted", sub, from_request=from_request)
    return sub


def tick(store: Store) -> None:
    """Move every subscription through time: period ends, trials ending, scheduled cancellations, expiry."""
    now = store.now()
    for sub in list(store.objects.values()):
        if sub.get("object") != "subscription" or sub.get("status") in ("canceled", "incomplete_expired"):
            continue
        if sub["status"] == "incomplete":
            if sub["created"] + INCOMPLETE_EXPIRES <= now:
                _set_status(store, sub, "incomplete_expired", from_request=False)
            continue
        if sub["cancel_at"] and sub["cancel_at"] <= now:
            end(store, sub, reason="cancellation_requested", from_request=False)
            continue
        item = sub["items"]["data"][0]
        if item["current_period_end"] > now:
            continue
        if sub["cancel_at_period_end"]:
            end(store, sub, reason="cancellation_requested", from_request=False)
            continue
        price = item["price"]["recurring"]
        start = item["current_period_end"]
        new_end = periods.add(start, price["interval"], price["interval_count"])
        previous = {"items": {"data": [dict(i) for i in sub["items"]["data"]]}}
        for each in sub["items"]["data"]:
            each.update(current_period_start=start, current_period_end=new_end)
        if sub["status"] == "trialing":
            previous["status"] = "trialing"
            sub["status"] = "active"
        store.emit("customer.subscription.updated", sub, previous, from_request=False)
        _bill(store, sub, start, new_end, "subscription_cycle", from_request=False)
