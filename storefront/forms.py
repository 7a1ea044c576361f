"""Shopper input from query strings and forms, turned into service arguments with readable errors."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional

from django import forms

from commerce.domain.catalog import SKU_PATTERN


class CatalogFilterForm(forms.Form):
    category = forms.CharField(required=False, max_length=48)
    max_price = forms.CharField(required=False, max_length=12, label="Max price ($)")
    cursor = forms.CharField(required=False, max_length=2000)

    def clean_max_price(self) -> Optional[int]:
        raw = (self.cleaned_data.get("max_price") or "").strip().lstrip("$").replace(",", "")
        if not raw:
            return None
        try:
            dollars = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError("Enter a price such as 50 or 49.99.") from None
        if dollars < 0 or dollars > Decimal("999999999"):
            raise forms.ValidationError("Enter a price between 0 and 999,999,999.")
        return int((dollars * 100).to_integral_value())


class AddToCartForm(forms.Form):
    sku = forms.RegexField(regex=SKU_PATTERN, max_length=64)
    quantity = forms.IntegerField(min_value=1, max_value=10_000, initial=1)
