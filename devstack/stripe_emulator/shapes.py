"""Complete object shapes from the stripe SDK's typed resource classes (generated from Stripe's OpenAPI spec):
`blank("invoice")` has every property the class declares — null where nullable, 0/false/""/[]/{} or a
nested blank where the SDK says the property is never null — so handlers only set what they model.

The SDK also declares properties Stripe only returns on request (`expand`/includable) or in special cases
(`deleted`). The spec marks those as not required; they are listed in NOT_RETURNED (checked against the
pinned spec's fixtures by `python -m devstack.stripe_emulator.shape_report --fixtures PATH`)."""
from __future__ import annotations

import functools
import importlib
import typing
from typing import Any, ForwardRef, Union

OBJECT_CLASSES: dict[str, str] = {
    "account": "_account.Account", "account_link": "_account_link.AccountLink",
    "application_fee": "_application_fee.ApplicationFee", "fee_refund": "_application_fee_refund.ApplicationFeeRefund",
    "balance": "_balance.Balance", "balance_transaction": "_balance_transaction.BalanceTransaction",
    "charge": "_charge.Charge", "checkout.session": "checkout._session.Session", "customer": "_customer.Customer",
    "event": "_event.Event", "invoice": "_invoice.Invoice", "invoiceitem": "_invoice_item.InvoiceItem",
    "invoice_payment": "_invoice_payment.InvoicePayment",
    "line_item": "_invoice_line_item.InvoiceLineItem", "item": "_line_item.LineItem",
    "payment_intent": "_payment_intent.PaymentIntent", "payment_method": "_payment_method.PaymentMethod",
    "price": "_price.Price", "product": "_product.Product", "refund": "_refund.Refund",
    "subscription": "_subscription.Subscription", "subscription_item": "_subscription_item.SubscriptionItem",
    "transfer": "_transfer.Transfer", "transfer_reversal": "_transfer_reversal.TransferReversal",
    "webhook_endpoint": "_webhook_endpoint.WebhookEndpoint",
}

# Declared by the SDK, not required by the spec: returned only when expanded/included or in special cases.
NOT_RETURNED: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "account": "company deleted groups individual",
    "balance": "instant_available issuing refund_and_dispute_prefunding",
    "charge": "authorization_code level3 presentment_details radar_options transfer",
    "checkout.session": "allowed_payment_method_types branding_settings excluded_payment_method_types line_items "
                        "name_collection optional_items presentment_details redirect_on_completion return_url "
                        "tax_id_collection",
    "customer": "business_name cash_balance customer_account deleted individual_name invoice_credit_balance sources "
                "subscriptions tax tax_ids",
    "event": "account context",
    "invoice": "amount_paid_off_stripe confirmation_secret deleted payments status_details threshold_reason",
    "invoiceitem": "deleted frozen_fields invoicing_rules proration_details",
    "item": "discounts taxes",
    "payment_method": "radar_options",
    "payment_intent": "allowed_payment_method_types hooks payment_details payment_record presentment_details",
    "price": "currency_options deleted tiers",
    "product": "deleted tax_details",
    "refund": "description failure_balance_transaction failure_reason instructions_email next_action pending_reason "
              "presentment_details",
    "subscription": "presentment_details status_details",
    "subscription_item": "billed_until current_trial deleted",
    "webhook_endpoint": "deleted secret",
}.items()}


def resource_class(object_name: str) -> type:
    module_path, _, cls_name = OBJECT_CLASSES[object_name].rpartition(".")
    return getattr(importlib.import_module(f"stripe.{module_path}"), cls_name)


def declared(cls: type) -> dict[str, Any]:
    return {name: raw for name, raw in getattr(cls, "__annotations__", {}).items()
            if not name.startswith("_") and typing.get_origin(raw) is not typing.ClassVar and name != "OBJECT_NAME"}


def _default(raw: Any, owner: type) -> Any:
    if isinstance(raw, (str, ForwardRef)):
        return ""  # an expandable id the handler sets
    origin, args = typing.get_origin(raw), typing.get_args(raw)
    if origin is Union or type(raw).__name__ == "UnionType":
        if type(None) in args:
            return None
        literal = next((a for a in args if typing.get_origin(a) is typing.Literal), None)
        if literal is not None:
            return typing.get_args(literal)[0]
        return _default(args[0], owner)
    if origin is typing.Literal:
        return args[0]
    if origin in (list, list):
        return []
    if origin in (dict, dict):
        return {}
    name = getattr(origin or raw, "__name__", "")
    if name == "ListObject":
        return {"object": "list", "data": [], "has_more": False, "url": ""}
    if name == "UntypedStripeObject":
        return {}
    if raw is int or raw is float:
        return 0
    if raw is bool:
        return False
    if raw is str:
        return ""
    if isinstance(raw, type) and hasattr(raw, "__annotations__"):
        return _blank_of(raw)
    return None


def _blank_of(cls: type) -> dict[str, Any]:
    return {name: _default(raw, cls) for name, raw in declared(cls).items()}


def _not_returned(object_name: str, cls: type) -> frozenset[str]:
    skip = NOT_RETURNED.get(object_name, frozenset())
    if object_name == "payment_method":  # one hash per type; only the PaymentMethod's own type is returned
        kinds = typing.get_args(declared(cls)["type"])
        literal = next(a for a in kinds if typing.get_origin(a) is typing.Literal) if kinds else None
        skip |= frozenset(typing.get_args(literal) if literal is not None else ())
    return skip


@functools.cache
def _template(object_name: str) -> dict[str, Any]:
    cls = resource_class(object_name)
    skip = _not_returned(object_name, cls)
    shape = {name: value for name, value in _blank_of(cls).items() if name not in skip}
    shape["object"] = object_name
    if "livemode" in shape:
        shape["livemode"] = False
    return shape


def blank(object_name: str, **values: Any) -> dict[str, Any]:
    """A complete object of `object_name` with `values` set."""
    import copy

    obj = copy.deepcopy(_template(object_name))
    unknown = set(values) - set(obj) - _not_returned(object_name, resource_class(object_name))
    if unknown:
        raise KeyError(f"{object_name} has no properties {sorted(unknown)}")
    obj.update(values)
    return obj


def nested(object_name: str, path: str) -> dict[str, Any]:
    """A blank nested object, e.g. nested("invoice", "status_transitions")."""
    cls = resource_class(object_name)
    for part in path.split("."):
        raw = declared(cls)[part]
        args = [a for a in typing.get_args(raw) if a is not type(None)] or [raw]
        cls = args[0]
    return _blank_of(cls)
