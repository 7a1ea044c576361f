"""Test cards and PaymentMethods: the numbers a person types on hosted pages, and Stripe's test PaymentMethod
ids (`pm_card_visa`, `pm_card_chargeDeclined`...) and tokens (`tok_visa`...) that API calls use."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from devstack.stripe_emulator.errors import StripeAPIError, no_such
from devstack.stripe_emulator.store import Store


@dataclass(frozen=True)
class TestCard:
    number: str
    brand: str
    decline: Optional[tuple[str, str, str]] = None  # (code, decline_code, message)
    available_at_once: bool = False  # 4000 0000 0000 0077: funds skip the pending balance


DECLINED = ("card_declined", "generic_decline", "Your card was declined.")
CARDS: dict[str, TestCard] = {c.number: c for c in [
    TestCard("4242424242424242", "visa"),
    TestCard("5555555555554444", "mastercard"),
    TestCard("4000000000000077", "visa", available_at_once=True),
    TestCard("4000000000000002", "visa", DECLINED),
    TestCard("4000000000009995", "visa", ("card_declined", "insufficient_funds", "Your card has insufficient funds.")),
    TestCard("4000000000009987", "visa", ("card_declined", "lost_card", "Your card was declined.")),
    TestCard("4000000000000069", "visa", ("expired_card", "expired_card", "Your card has expired.")),
    TestCard("4000000000000127", "visa", ("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.")),
]}
# Stripe's test PaymentMethod ids and tokens -> card number
ALIASES: dict[str, str] = {
    "visa": "4242424242424242", "mastercard": "5555555555554444", "bypassPending": "4000000000000077",
    "chargeDeclined": "4000000000000002", "chargeDeclinedInsufficientFunds": "4000000000009995",
    "chargeDeclinedLostCard": "4000000000009987", "chargeDeclinedExpiredCard": "4000000000000069",
    "chargeDeclinedIncorrectCvc": "4000000000000127", "visa_chargeDeclined": "4000000000000002",
}


def card_for_number(digits: str) -> Optional[TestCard]:
    return CARDS.get("".join(ch for ch in digits if ch.isdigit()))


def _new_payment_method(store: Store, card: TestCard) -> dict:
    return store.new("payment_method", "pm", type="card", allow_redisplay="unspecified",
                     billing_details={"address": {"city": None, "country": None, "line1": None, "line2": None,
                                                  "postal_code": None, "state": None},
                                      "email": None, "name": None, "phone": None, "tax_id": None},
                     card={"brand": card.brand, "checks": {"address_line1_check": None,
                                                           "address_postal_code_check": None, "cvc_check": "pass"},
                           "country": "US", "display_brand": card.brand, "exp_month": 12, "exp_year": 2034,
                           "fingerprint": card.number[-8:], "funding": "credit", "generated_from": None,
                           "last4": card.number[-4:], "networks": {"available": [card.brand], "preferred": None},
                           "regulated_status": "unregulated", "three_d_secure_usage": {"supported": True},
                           "wallet": None},
                     customer=None, metadata={})


def from_number(store: Store, number: str) -> Optional[dict]:
    card = card_for_number(number)
    if card is None:
        return None
    pm = _new_payment_method(store, card)
    store.private[pm["id"]] = {"card": card.number}
    return pm


def payment_method(store: Store, pm_id: str, *, param: str = "payment_method") -> dict:
    """A stored PaymentMethod, or a fresh one for Stripe's test ids (pm_card_visa, tok_visa...)."""
    for prefix in ("pm_card_", "tok_"):
        if pm_id.startswith(prefix) and pm_id[len(prefix):] in ALIASES:
            pm = from_number(store, ALIASES[pm_id[len(prefix):]])
            assert pm is not None
            return pm
    return store.get(pm_id, "PaymentMethod", "payment_method", param=param)


def card_of(store: Store, pm: dict) -> TestCard:
    return CARDS[store.private[pm["id"]]["card"]]


def attach(store: Store, pm: dict, customer: dict) -> None:
    if pm["customer"] and pm["customer"] != customer["id"]:
        raise StripeAPIError(400, "The payment method you provided has already been attached to a customer.",
                             code="payment_method_unexpected_state", param="payment_method")
    pm["customer"] = customer["id"]
    store.emit("payment_method.attached", pm)


def default_for(store: Store, customer_id: Optional[str]) -> Optional[dict]:
    if not customer_id or customer_id not in store.objects:
        return None
    customer = store.objects[customer_id]
    pm_id = (customer.get("invoice_settings") or {}).get("default_payment_method")
    return store.objects.get(pm_id) if pm_id else None


def require(store: Store, pm_id: Optional[str], param: str) -> dict:
    if not pm_id:
        raise no_such("PaymentMethod", "", param)
    return payment_method(store, pm_id, param=param)
