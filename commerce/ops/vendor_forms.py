"""Admin forms for vendors: a fee rate is typed as a percentage ("12.5") and kept in basis points (1250)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional

from django import forms

from commerce.domain.vendors import MAX_FEE_RATE_BPS


def parse_percent(raw: str) -> Optional[int]:
    """'12.5' or '12.5 %' -> 1250 basis points; empty -> None (the default rate)."""
    text = (raw or "").strip().rstrip("%").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError("Enter a percentage such as 10 or 12.5, or leave it empty for the default.") \
            from None
    if value != value.quantize(Decimal("0.01")) or not 0 <= value * 100 <= MAX_FEE_RATE_BPS:
        raise forms.ValidationError(f"A fee rate is between 0 and {MAX_FEE_RATE_BPS // 100} %, with at most two "
                                    "decimals.")
    return int(value * 100)


class FeeRateField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("label", "Platform fee (%)")
        super().__init__(**kwargs)

    def clean(self, value) -> Optional[int]:
        return parse_percent(super().clean(value))


class VendorCreateForm(forms.Form):
    name = forms.CharField(max_length=120, label="Vendor name")
    email = forms.EmailField(max_length=254, label="Contact email", help_text="Stripe's onboarding is sent here")
    fee_rate = FeeRateField()

    def __init__(self, *args, default_label: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fee_rate"].help_text = f"empty: Quorum's default ({default_label})"


class FeeRateForm(forms.Form):
    fee_rate = FeeRateField()
    version = forms.IntegerField(widget=forms.HiddenInput)
