"""Admin forms: what staff type, turned into service arguments with messages people understand. Bound
forms keep what was typed when a service refuses it."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional

from django import forms

from commerce.domain.catalog import INTERVALS


def parse_amount(raw: str, label: str = "price") -> int:
    """'1,250.50' -> 125050 minor units (two-decimal currencies)."""
    text = (raw or "").strip().lstrip("$€£").replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError(f"Enter a {label} such as 49 or 49.99.") from None
    if value < 0 or value > Decimal("999999999"):
        raise forms.ValidationError(f"Enter a {label} between 0 and 999,999,999.")
    if value != value.quantize(Decimal("0.01")):
        raise forms.ValidationError(f"A {label} has at most two decimals.")
    return int(value * 100)


class ProductFields(forms.Form):
    """`vendors`: (id, name) of the vendors a product may belong to."""

    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    category = forms.CharField(max_length=48, help_text="lowercase letters, digits and '-'")
    price = forms.CharField(max_length=16, label="Unit price")
    vendor = forms.ChoiceField(required=False, label="Vendor", help_text="a partner vendor's product is paid out to it")

    def __init__(self, *args, vendors: tuple[tuple[str, str], ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vendor"].choices = [("", "Quorum (our own product)"), *vendors]

    def clean_price(self) -> int:
        return parse_amount(self.cleaned_data["price"])


class ProductCreateForm(ProductFields):
    sku = forms.CharField(max_length=64, label="SKU")
    currency = forms.ChoiceField(choices=[("usd", "USD"), ("eur", "EUR"), ("gbp", "GBP")], initial="usd")
    recurring_interval = forms.ChoiceField(choices=[("", "one-off")] + [(i, f"every {i}") for i in INTERVALS],
                                           required=False, label="Billing")
    on_hand = forms.IntegerField(min_value=0, max_value=10_000_000, initial=0, label="Stock on hand")
    on_sale = forms.BooleanField(required=False, initial=True, label="Put on sale now")
    field_order = ["sku", "name", "description", "category", "price", "currency", "recurring_interval", "on_hand",
                   "vendor", "on_sale"]


class ProductEditForm(ProductFields):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StockAdjustForm(forms.Form):
    delta = forms.IntegerField(label="Change (units)", min_value=-10_000_000, max_value=10_000_000,
                               help_text="positive to add, negative to remove")
    reason = forms.CharField(max_length=300, widget=forms.TextInput(
        attrs={"placeholder": "e.g. cycle count, delivery PO-1182"}))
    expected_on_hand = forms.IntegerField(widget=forms.HiddenInput)

    def clean_delta(self) -> int:
        delta = self.cleaned_data["delta"]
        if delta == 0:
            raise forms.ValidationError("Enter a change other than zero.")
        return delta


class RefundForm(forms.Form):
    amount = forms.CharField(max_length=16, required=False, label="Amount",
                             help_text="leave empty to refund everything still refundable")
    expected_refunds = forms.IntegerField(widget=forms.HiddenInput)

    def clean_amount(self) -> Optional[int]:
        raw = self.cleaned_data.get("amount") or ""
        return parse_amount(raw, "refund amount") if raw.strip() else None
