"""Connect money movements that follow a captured charge: a destination charge (`transfer_data[destination]`)
transfers `transfer_data[amount]` (default: the whole amount) to the connected account and collects
`application_fee_amount` from it as an Application Fee; a direct charge made with `Stripe-Account` and an
`application_fee_amount` pays that fee to the platform. Refunds may reverse the transfer and refund the fee
in proportion (rounded half up)."""
from __future__ import annotations

from typing import Optional

from devstack.stripe_emulator import balance
from devstack.stripe_emulator.errors import bad_state
from devstack.stripe_emulator.store import Store

PLATFORM_APPLICATION = "ca_quorumemulatorplatform"


def after_capture(store: Store, charge: dict) -> None:
    from devstack.stripe_emulator import transfers

    owner = store.owner.get(charge["id"])
    target = (charge.get("transfer_data") or {}).get("destination")
    fee_amount = charge.get("application_fee_amount")
    if target:
        amount = (charge["transfer_data"] or {}).get("amount") or charge["amount_captured"]
        transfer = transfers.create(store, amount=amount, currency=charge["currency"], destination=target,
                                    source_transaction=charge["id"], transfer_group=charge["transfer_group"],
                                    fee=fee_amount or 0)
        charge["transfer"] = transfer["id"]
        if fee_amount:
            charge["application_fee"] = _fee(store, charge, account=target, paid_from=transfer["destination_payment"])["id"]
    elif owner and fee_amount:  # a direct charge on a connected account
        charge["application_fee"] = _fee(store, charge, account=owner, paid_from=charge["id"])["id"]


def _fee(store: Store, charge: dict, *, account: str, paid_from: str) -> dict:
    fee = store.new("application_fee", "fee", account=None, amount=charge["application_fee_amount"],
                    currency=charge["currency"], application=PLATFORM_APPLICATION, charge=paid_from,
                    originating_transaction=charge["id"], fee_source={"charge": paid_from, "payout": None,
                                                                        "type": "charge"})
    fee["account"] = account
    fee["refunds"] = {"object": "list", "data": [], "has_more": False, "url": f"/v1/application_fees/{fee['id']}/refunds"}
    fee["balance_transaction"] = balance.record(store, account=None, amount=fee["amount"], currency=fee["currency"],
                                                type_="application_fee", source=fee["id"])["id"]
    store.emit("application_fee.created", fee, account=None)
    return fee


def share(part: int, whole: int, amount: int) -> int:
    """amount * part / whole, rounded half up, in integer minor units."""
    return (2 * amount * part + whole) // (2 * whole) if whole else 0


def on_refund(store: Store, charge: dict, refund: dict, *, reverse_transfer: bool, refund_fee: bool) -> None:
    from devstack.stripe_emulator import application_fees, transfers

    if reverse_transfer:
        if not charge.get("transfer"):
            raise bad_state("`reverse_transfer` can only be used on a destination charge (this charge created no "
                            "transfer).", param="reverse_transfer")
        transfer = store.get(charge["transfer"], "transfer", "transfer", account=None)
        amount = min(share(refund["amount"], charge["amount"], transfer["amount"]),
                     transfer["amount"] - transfer["amount_reversed"])
        if amount > 0:
            reversal = transfers.reverse(store, transfer, amount=amount, source_refund=refund["id"])
            refund["transfer_reversal"] = reversal["id"]
    if refund_fee:
        fee_id = charge.get("application_fee")
        if not fee_id:
            raise bad_state("`refund_application_fee` can only be used on a charge that collected an application "
                            "fee.", param="refund_application_fee")
        fee = store.get(fee_id, "application fee", "application_fee", account=None)
        amount = min(share(refund["amount"], charge["amount"], fee["amount"]), fee["amount"] - fee["amount_refunded"])
        if amount > 0:
            application_fees.refund(store, fee, amount=amount)


def check_refund_options(charge: dict, reverse_transfer: Optional[bool], refund_fee: Optional[bool]) -> None:
    if reverse_transfer and not charge.get("transfer"):
        raise bad_state("`reverse_transfer` can only be used on a destination charge (this charge created no "
                        "transfer).", param="reverse_transfer")
    if refund_fee and not charge.get("application_fee"):
        raise bad_state("`refund_application_fee` can only be used on a charge that collected an application fee.",
                        param="refund_application_fee")
