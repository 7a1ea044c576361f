"""Balance transactions and balances, per account (the platform or a connected account): charges land in the
pending balance (available two days later, or at once for 4000 0000 0000 0077), Stripe's processing fee is
2.9 % + 30 minor units on card charges (rounded half up), refunds, transfers and application fees move money."""
from __future__ import annotations

from typing import Optional

from devstack.stripe_emulator import listing
from devstack.stripe_emulator.router import route
from devstack.stripe_emulator.store import Store

PENDING_SECONDS = 2 * 86400
CATEGORIES = {"charge": "charge", "payment": "charge", "refund": "refund", "payment_refund": "refund",
              "transfer": "transfer", "transfer_cancel": "transfer_reversal", "transfer_refund": "transfer_reversal",
              "application_fee": "platform_earning", "application_fee_refund": "platform_earning_refund"}


def card_fee(amount: int) -> int:
    return (amount * 29 + 500) // 1000 + 30


def record(store: Store, *, account: Optional[str], amount: int, currency: str, type_: str, source: str,
           fee: int = 0, fee_type: str = "stripe_fee", pending: bool = False, description: Optional[str] = None) -> dict:
    now = store.now()
    available_on = now + PENDING_SECONDS if pending else now
    details = [{"amount": fee, "application": None, "currency": currency,
                "description": "Stripe processing fees" if fee_type == "stripe_fee" else "Application fee",
                "type": fee_type}] if fee else []
    return store.new("balance_transaction", "txn", account=account, amount=amount, currency=currency, fee=fee,
                     fee_details=details, net=amount - fee, type=type_, source=source, description=description,
                     available_on=available_on, status="pending" if pending else "available",
                     reporting_category=CATEGORIES.get(type_, type_), balance_type="payments")


def _refresh(store: Store, txn: dict) -> dict:
    if txn["status"] == "pending" and txn["available_on"] <= store.now():
        txn["status"] = "available"
    return txn


def totals(store: Store, account: Optional[str]) -> dict[str, dict[str, int]]:
    sums: dict[str, dict[str, int]] = {"available": {}, "pending": {}}
    for txn in store.all("balance_transaction", account=account):
        _refresh(store, txn)
        bucket = sums[txn["status"]]
        bucket[txn["currency"]] = bucket.get(txn["currency"], 0) + txn["net"]
    return sums


@route("GET", "/v1/balance", "BalanceRetrieveParams")
def balance_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    from devstack.stripe_emulator import context

    sums = totals(store, context.account())
    def rows(bucket: dict[str, int]) -> list[dict]:
        return [{"amount": amount, "currency": currency, "source_types": {"card": amount}}
                for currency, amount in sorted(bucket.items())] or [{"amount": 0, "currency": "usd",
                                                                     "source_types": {"card": 0}}]
    return {"object": "balance", "available": rows(sums["available"]), "pending": rows(sums["pending"]),
            "connect_reserved": [{"amount": 0, "currency": "usd"}], "livemode": False,
            "refund_and_dispute_prefunding": None}


@route("GET", "/v1/balance_transactions/{id}", "BalanceTransactionRetrieveParams")
def balance_transaction_retrieve(store: Store, params: dict, ids: list[str]) -> dict:
    return _refresh(store, store.get(ids[0], "balance transaction", "balance_transaction"))


@route("GET", "/v1/balance_transactions", "BalanceTransactionListParams",
       ("created", "currency", "limit", "source", "starting_after", "ending_before", "type"))
def balance_transaction_list(store: Store, params: dict, ids: list[str]) -> dict:
    items = [_refresh(store, t) for t in store.all("balance_transaction")]
    return listing.page(items, params, "/v1/balance_transactions", kind="balance transaction",
                        fields=("currency", "source", "type"))
