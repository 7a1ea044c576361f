"""Stripe Connect through the one Stripe client (commerce/payments/stripe_gateway.py, the only module that imports
stripe): vendors' Express accounts and onboarding links, where a paid charge's money went, transfers to
vendors and their reversals. Every write carries an idempotency key derived from Quorum's own ids."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from commerce.domain import payouts
from commerce.domain.vendors import AccountState
from commerce.payments.stripe_gateway import call, client


@dataclass(frozen=True)
class ChargeMoney:
    """Where a paid charge's money went: its id, a destination charge's transfer and application fee."""

    charge_id: str
    transfer_id: Optional[str]
    application_fee_id: Optional[str]


def connect_account_create(*, vendor_id: str, name: str, email: str) -> str:
    """The vendor's Express account (created once: the idempotency key is the vendor's id)."""
    account = call(client().v1.accounts.create, params={
        "type": "express", "email": email, "business_profile": {"name": name}, "metadata": {"vendor_id": vendor_id},
        "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}},
    }, options={"idempotency_key": f"quorum-vendor-{vendor_id}"})
    return account.id


def connect_account_state(*, account_id: str) -> tuple[AccountState, Optional[str]]:
    """What Stripe says of the account now, and the vendor its metadata names."""
    account = call(client().v1.accounts.retrieve, account_id)
    requirements = account.requirements
    state = AccountState(charges_enabled=bool(account.charges_enabled), payouts_enabled=bool(account.payouts_enabled),
                         details_submitted=bool(account.details_submitted),
                         requirements_due=tuple(requirements.currently_due or ()) if requirements else (),
                         disabled_reason=requirements.disabled_reason if requirements else None)
    return state, account.to_dict().get("metadata", {}).get("vendor_id")


def connect_onboarding_link(*, account_id: str, vendor_id: str, number: int, return_url: str,
                            refresh_url: str) -> str:
    """A hosted onboarding page for the account (single use, a few minutes)."""
    link = call(client().v1.account_links.create, params={
        "account": account_id, "type": "account_onboarding", "return_url": return_url, "refresh_url": refresh_url,
    }, options={"idempotency_key": f"quorum-onboarding-{vendor_id}-{number}"})
    return link.url


def charge_money(*, payment_intent_id: str) -> ChargeMoney:
    intent = call(client().v1.payment_intents.retrieve, payment_intent_id, params={"expand": ["latest_charge"]})
    charge = intent.latest_charge.to_dict()  # `transfer` is there only on a destination charge
    return ChargeMoney(charge_id=charge["id"], transfer_id=_id_of(charge.get("transfer")),
                       application_fee_id=_id_of(charge.get("application_fee")))


def invoice_charge_money(*, invoice_id: str) -> Optional[ChargeMoney]:
    """The charge that paid an invoice (through its Invoice Payment's PaymentIntent), None when unpaid."""
    found = call(client().v1.invoice_payments.list, params={"invoice": invoice_id, "status": "paid", "limit": 1})
    intent = found.data[0].payment.payment_intent if found.data else None
    return charge_money(payment_intent_id=_id_of(intent)) if intent else None


def _id_of(value: Any) -> Optional[str]:
    return value if isinstance(value, str) or value is None else value["id"]


def transfers_of_group(*, group: str) -> dict[str, str]:
    """vendor id -> transfer id, for the transfers already made in a group (they name their vendor)."""
    found = call(client().v1.transfers.list, params={"transfer_group": group, "limit": 100})
    named = (((t.to_dict().get("metadata") or {}).get("vendor_id"), t.id) for t in found.data)
    return {vendor_id: transfer_id for vendor_id, transfer_id in named if vendor_id}


def transfer_create(*, order_id: str, vendor_id: str, account_id: str, amount: int, currency: str,
                    source_charge: str) -> str:
    """One vendor's share of a separate charge (once per order and vendor: the idempotency key says so)."""
    transfer = call(client().v1.transfers.create, params={
        "amount": amount, "currency": currency, "destination": account_id, "source_transaction": source_charge,
        "transfer_group": payouts.transfer_group(order_id), "metadata": {"order_id": order_id, "vendor_id": vendor_id},
    }, options={"idempotency_key": f"quorum-transfer-{order_id}-{vendor_id}"})
    return transfer.id


def transfer_reverse(*, transfer_id: str, amount: int, refund_id: str, vendor_id: str) -> None:
    call(client().v1.transfers.reversals.create, transfer_id, params={
        "amount": amount, "metadata": {"refund_id": refund_id, "vendor_id": vendor_id},
    }, options={"idempotency_key": f"quorum-reversal-{refund_id}-{vendor_id}"})


def destination_refunded(*, transfer_id: str, application_fee_id: Optional[str]) -> tuple[int, int]:
    """(transfer amount reversed, application fee refunded) so far, as Stripe has them."""
    reversed_ = call(client().v1.transfers.retrieve, transfer_id).amount_reversed
    fee = call(client().v1.application_fees.retrieve, application_fee_id).amount_refunded if application_fee_id else 0
    return int(reversed_), int(fee)
