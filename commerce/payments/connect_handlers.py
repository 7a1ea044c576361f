"""What Stripe's Connect events and the events of vendors' money do to Quorum (registered on
commerce.payments.handlers). Idempotent like every handler: duplicates and late events change nothing."""
from __future__ import annotations

from commerce.payments.handlers import on
from commerce.services import payout_refunds, vendors


@on("account.updated")
def _account_updated(account: dict) -> str:
    """A vendor's connected account changed (onboarding finished, requirements due, restricted): record what
    Stripe says of it now."""
    return vendors.vendor_account_sync(account_id=account.get("id") or "",
                                       vendor_id=(account.get("metadata") or {}).get("vendor_id"))


@on("refund.created")
def _refund_created(refund: dict) -> str:
    """A refund of a marketplace order: each vendor's part taken back from its transfer, once."""
    if not (refund.get("metadata") or {}).get("order_id"):
        return "not an order's refund"
    return payout_refunds.payout_refund_record(refund=refund)
