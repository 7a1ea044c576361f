"""Checkout Sessions, PaymentIntents, charges, refunds, and what a test card does."""
from __future__ import annotations

from typing import Optional

from devstack.stripe_emulator import billing
from devstack.stripe_emulator.errors import StripeAPIError, bad_state, invalid, missing, required
from devstack.stripe_emulator.store import Store

# Test cards (digits only) -> None for success, or (decline_code, message) for a decline.
CARDS: dict[str, Optional[tuple[str, str]]] = {
    "4242424242424242": None,
    "4000000000000002": ("generic_decline", "Your card was declined."),
    "4000000000009995": ("insufficient_funds", "Your card has insufficient funds."),
}
MIN_EXPIRY, MAX_EXPIRY = 30 * 60, 24 * 3600


def session_create(store: Store, params: dict) -> dict:
    mode = required(params, "mode")
    if mode not in ("payment", "subscription"):
        raise invalid("mode", f"Invalid mode: {mode}")
    if not params.get("success_url"):
        raise missing("success_url")
    items = required(params, "line_items")
    lines = [_line(i, item, mode) for i, item in enumerate(items)]
    if mode == "subscription" and not any(line["recurring"] for line in lines):
        raise invalid("line_items", "You must provide at least one recurring price in `subscription` mode.")
    currencies = {line["currency"] for line in lines}
    if len(currencies) > 1:
        raise invalid("line_items", "All line items must use the same currency.")
    now = store.now()
    expires_at = billing._int(params, "expires_at", required=False) or now + MAX_EXPIRY
    if not now + MIN_EXPIRY - 5 <= expires_at <= now + MAX_EXPIRY:
        raise invalid("expires_at", "The `expires_at` timestamp must be between 30 minutes and 24 hours from now.")
    customer = params.get("customer")
    if customer:
        store.get(customer, "customer", "customer")
    total = sum(line["unit_amount"] * line["quantity"] for line in lines)
    session_id = store.new_id("cs_test")
    session = store.put({
        "id": session_id, "object": "checkout.session", "mode": mode, "status": "open", "payment_status": "unpaid",
        "amount_subtotal": total, "amount_total": total, "currency": lines[0]["currency"],
        "success_url": params["success_url"], "cancel_url": params.get("cancel_url"),
        "client_reference_id": params.get("client_reference_id"), "customer": customer,
        "customer_email": params.get("customer_email"), "metadata": params.get("metadata") or {},
        "expires_at": expires_at, "created": now, "livemode": False, "payment_intent": None,
        "subscription": None, "invoice": None, "url": f"{store.public_url}/pay/{session_id}",
    })
    store.private[session_id] = {
        "lines": lines,
        "payment_intent_metadata": (params.get("payment_intent_data") or {}).get("metadata") or {},
        "subscription_metadata": (params.get("subscription_data") or {}).get("metadata") or {},
    }
    return session


def _line(index: int, item: dict, mode: str) -> dict:
    data = required(item, "price_data", param=f"line_items[{index}][price_data]")
    product = data.get("product_data") or {}
    recurring = data.get("recurring")
    if mode == "payment" and recurring:
        raise invalid(f"line_items[{index}][price_data][recurring]",
                      "You specified `payment` mode but passed a recurring price.")
    return {
        "name": required(product, "name", param=f"line_items[{index}][price_data][product_data][name]"),
        "currency": required(data, "currency", param=f"line_items[{index}][price_data][currency]"),
        "unit_amount": billing._int(data, "unit_amount"),
        "quantity": billing._int(item, "quantity", required=False) or 1,
        "recurring": {"interval": recurring["interval"], "interval_count": 1} if recurring else None,
    }


def session_expire(store: Store, session: dict) -> dict:
    if session["status"] != "open":
        raise bad_state(f"Only Checkout Sessions with a status of `open` can be expired. This one is "
                        f"`{session['status']}`.")
    session["status"] = "expired"
    store.emit("checkout.session.expired", session)
    return session


def session_pay(store: Store, session: dict, card_number: str) -> Optional[str]:
    """A person submitted a card on the hosted page. Returns an error message, or None on success."""
    if session["status"] != "open":
        return "This checkout session is no longer open."
    digits = "".join(ch for ch in card_number if ch.isdigit())
    if digits not in CARDS:
        return "Your card number is invalid. Use a test card such as 4242 4242 4242 4242."
    decline = CARDS[digits]
    private = store.private[session["id"]]
    if session["mode"] == "payment":
        intent = _payment_intent(store, session, private["payment_intent_metadata"])
        if decline:
            intent.update(status="requires_payment_method",
                          last_payment_error={"type": "card_error", "code": "card_declined",
                                              "decline_code": decline[0], "message": decline[1]})
            store.emit("payment_intent.payment_failed", intent)
            return decline[1]
        charge = _charge(store, intent)
        intent.update(status="succeeded", latest_charge=charge["id"], last_payment_error=None)
        store.emit("charge.succeeded", charge)
        store.emit("payment_intent.succeeded", intent)
    else:
        if decline:
            return decline[1]
        customer = session["customer"] or billing.customer_create(store, {"email": session["customer_email"]})["id"]
        session["customer"] = customer
        recurring = [line for line in private["lines"] if line["recurring"]]
        subscription = billing.subscription_create(store, customer=customer, items=recurring,
                                                   metadata=private["subscription_metadata"])
        invoice = billing.invoice_create(store, {"customer": customer, "pending_invoice_items_behavior": "exclude",
                                                 "currency": session["currency"]}, subscription=subscription["id"])
        for line in private["lines"]:
            billing.invoice_item_create(store, {"customer": customer, "invoice": invoice["id"],
                                                "amount": str(line["unit_amount"] * line["quantity"]),
                                                "currency": line["currency"], "description": line["name"]})
        billing.invoice_mark_paid(store, invoice)
        session.update(subscription=subscription["id"], invoice=invoice["id"])
    session.update(status="complete", payment_status="paid")
    store.emit("checkout.session.completed", session)
    return None


def _payment_intent(store: Store, session: dict, metadata: dict) -> dict:
    if session["payment_intent"]:
        return store.objects[session["payment_intent"]]
    intent = store.put({
        "id": store.new_id("pi"), "object": "payment_intent", "amount": session["amount_total"],
        "amount_received": 0, "currency": session["currency"], "customer": session["customer"],
        "status": "requires_payment_method", "metadata": metadata, "latest_charge": None,
        "last_payment_error": None, "created": store.now(), "livemode": False,
    })
    session["payment_intent"] = intent["id"]
    return intent


def _charge(store: Store, intent: dict) -> dict:
    intent["amount_received"] = intent["amount"]
    return store.put({
        "id": store.new_id("ch"), "object": "charge", "amount": intent["amount"], "amount_captured": intent["amount"],
        "amount_refunded": 0, "currency": intent["currency"], "customer": intent["customer"], "paid": True,
        "payment_intent": intent["id"], "refunded": False, "status": "succeeded", "created": store.now(),
        "metadata": intent["metadata"], "livemode": False,
    })


def refund_create(store: Store, params: dict) -> dict:
    if params.get("payment_intent"):
        intent = store.get(params["payment_intent"], "payment_intent", "payment_intent")
        if not intent.get("latest_charge"):
            raise bad_state("This PaymentIntent does not have a successful charge to refund.")
        charge = store.objects[intent["latest_charge"]]
    elif params.get("charge"):
        charge = store.get(params["charge"], "charge", "charge")
    else:
        raise missing("payment_intent")
    remaining = charge["amount"] - charge["amount_refunded"]
    amount = billing._int(params, "amount", required=False)
    amount = remaining if amount is None else amount
    if amount <= 0 or amount > remaining:
        raise StripeAPIError(400, f"Refund amount ({amount}) is greater than unrefunded amount on charge "
                                  f"({remaining}).", param="amount", code="amount_too_large")
    refund = store.put({
        "id": store.new_id("re"), "object": "refund", "amount": amount, "charge": charge["id"],
        "currency": charge["currency"], "payment_intent": charge["payment_intent"], "status": "succeeded",
        "reason": params.get("reason"), "metadata": params.get("metadata") or {}, "created": store.now(),
    })
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] == charge["amount"]
    store.emit("refund.created", refund)
    store.emit("charge.refunded", charge)
    return refund
