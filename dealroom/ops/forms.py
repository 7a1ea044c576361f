"""Deal forms for the admin."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from commerce.ops.forms import parse_amount
from dealroom.domain.deals import DEFAULT_REQUIRED_ROLES, MEDDPICC, ROLE_LABELS, ROLES, STAGES

STAGE_CHOICES = [(s, s.replace("_", " ").capitalize()) for s in STAGES]
ROLE_CHOICES = [(r, ROLE_LABELS[r]) for r in ROLES]


def parse_percent(raw: str) -> int:
    """'12.5' (%) -> 1250 basis points."""
    text = (raw or "0").strip().rstrip("%").strip() or "0"
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError("Enter a discount such as 10 or 12.5 (per cent).") from None
    if not Decimal(0) <= value <= Decimal(90):
        raise forms.ValidationError("A discount is between 0 and 90 %.")
    bps = value * 100
    if bps != bps.to_integral_value():
        raise forms.ValidationError("A discount has at most two decimals.")
    return int(bps)


def parse_overrides(raw: str) -> dict[str, int]:
    """One 'SKU = price' per line."""
    overrides = {}
    for number, line in enumerate((raw or "").splitlines(), start=1):
        if not line.strip():
            continue
        if "=" not in line:
            raise forms.ValidationError(f"Line {number}: write 'SKU = price', e.g. 'SEAT-PRO = 39.00'.")
        sku, price = (part.strip() for part in line.split("=", 1))
        try:
            overrides[sku] = parse_amount(price, f"price for {sku}")
        except forms.ValidationError as exc:
            raise forms.ValidationError(f"Line {number}: {exc.messages[0]}") from None
    return overrides


class DealTermsForm(forms.Form):
    account_name = forms.CharField(max_length=200)
    stage = forms.ChoiceField(choices=STAGE_CHOICES)
    expected_value = forms.CharField(max_length=16, label="Expected value")
    discount = forms.CharField(max_length=8, required=False, label="Tier discount (%)")
    price_overrides = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                      label="Price overrides", help_text="one 'SKU = unit price' per line")
    required_roles = forms.MultipleChoiceField(choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple,
                                               initial=list(DEFAULT_REQUIRED_ROLES), label="Must approve")
    internal_notes = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                                     label="Internal notes (staff only)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in MEDDPICC:
            self.fields[f"m_{field}"] = forms.CharField(
                required=False, max_length=2000, label=field.replace("_", " ").capitalize(),
                widget=forms.Textarea(attrs={"rows": 2}))

    def clean_expected_value(self) -> int:
        return parse_amount(self.cleaned_data["expected_value"], "value")

    def clean_discount(self) -> int:
        return parse_percent(self.cleaned_data.get("discount") or "0")

    def clean_price_overrides(self) -> dict[str, int]:
        return parse_overrides(self.cleaned_data.get("price_overrides") or "")

    def changes(self) -> dict:
        data = self.cleaned_data
        return {"account_name": data["account_name"], "stage": data["stage"], "expected_value": data["expected_value"],
                "discount_bps": data["discount"], "price_overrides": data["price_overrides"],
                "required_roles": data["required_roles"], "internal_notes": data["internal_notes"],
                "meddpicc": {f: data[f"m_{f}"] for f in MEDDPICC}}


class DealEditForm(DealTermsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DealCreateForm(DealTermsForm):
    currency = forms.ChoiceField(choices=[("usd", "USD"), ("eur", "EUR"), ("gbp", "GBP")], initial="usd")


class InviteForm(forms.Form):
    email = forms.EmailField(max_length=254)
    name = forms.CharField(max_length=120, required=False)
    role = forms.ChoiceField(choices=ROLE_CHOICES)


class RoleForm(forms.Form):
    user_id = forms.CharField(max_length=64, widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=ROLE_CHOICES)
