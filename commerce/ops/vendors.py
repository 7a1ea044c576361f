"""Vendors in the admin (admin staff only): the list, a new vendor (and its Express account at Stripe), one
vendor's page (onboarding state, fee rate, products, transfers and fees by month), Stripe's onboarding."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commerce.domain.vendors import percent
from commerce.errors import QuorumError
from commerce.ops.access import staff_required
from commerce.ops.vendor_forms import FeeRateForm, VendorCreateForm
from commerce.services import vendor_reports, vendors
from commerce.services.audit import audit_list
from config.errors import get_or_404, status_of

ADMIN = "admin"
RETURNED, REFRESH = "return", "refresh"  # ?onboarding=... when Stripe's onboarding sends the person back


@staff_required(role=ADMIN)
def vendor_list(request: HttpRequest) -> HttpResponse:
    page = vendor_reports.vendor_list(cursor=request.GET.get("cursor"))
    return render(request, "ops/vendors.html", {"page": page, "section": "vendors",
                                                "default_rate": percent(_default_rate())})


def _default_rate() -> int:
    from django.conf import settings

    return settings.CONNECT_DEFAULT_FEE_RATE_BPS


@require_http_methods(["GET", "POST"])
@staff_required(role=ADMIN)
def vendor_new(request: HttpRequest) -> HttpResponse:
    form = VendorCreateForm(request.POST or None, default_label=percent(_default_rate()))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                vendor = vendors.vendor_create(name=data["name"], email=data["email"], fee_rate_bps=data["fee_rate"],
                                               actor=request.staff.email)
            except QuorumError as exc:
                form.add_error(None, exc.detail)
                status = status_of(exc)
            else:
                _ensure_account(request, vendor.id, created=True)
                return redirect("ops:vendor", vendor_id=vendor.id)
        status = status if status != 200 else 400
    return render(request, "ops/vendor_new.html", {"form": form, "section": "vendors"}, status=status)


def _ensure_account(request: HttpRequest, vendor_id: str, *, created: bool = False) -> None:
    try:
        vendor = vendors.vendor_account_ensure(vendor_id=vendor_id, actor=request.staff.email)
    except QuorumError as exc:
        messages.error(request, f"{'Created the vendor, but its' if created else 'Its'} Stripe account could not be "
                                f"created yet: {exc.detail} Try again with “Create the Stripe account”.")
    else:
        messages.success(request, f"{'Created ' + vendor.name + ' with' if created else 'Created'} its Stripe account "
                                  f"{vendor.account_id}. Next: its onboarding.")


def _vendor(vendor_id: str):
    return get_or_404(vendors.vendor_get, vendor_id=vendor_id)


@require_http_methods(["GET", "POST"])
@staff_required(role=ADMIN)
def vendor_detail(request: HttpRequest, vendor_id: str) -> HttpResponse:
    vendor = _vendor(vendor_id)
    form = FeeRateForm(request.POST or None, initial={"version": vendor.version, "fee_rate": (
        f"{vendor.fee_rate_bps / 100:g}" if vendor.fee_rate_bps is not None else "")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                vendors.vendor_fee_rate_set(vendor_id=vendor.id, fee_rate_bps=form.cleaned_data["fee_rate"],
                                            expected_version=form.cleaned_data["version"], actor=request.staff.email)
            except QuorumError as exc:
                form.add_error(None, exc.detail)
                status = status_of(exc)
            else:
                messages.success(request, "Saved the fee rate: it applies to orders checked out from now on.")
                return redirect("ops:vendor", vendor_id=vendor.id)
        else:
            status = 400
    elif request.GET.get("onboarding") == RETURNED and vendor.account_id:
        _returned(request, vendor)
    elif request.GET.get("onboarding") == REFRESH:
        messages.warning(request, "The onboarding link expired or was left before the end: open a new one.")
    overview = vendor_reports.vendor_overview(vendor_id=vendor.id)
    return render(request, "ops/vendor_detail.html", {
        "o": overview, "vendor": overview.vendor, "form": form, "section": "vendors",
        "history": audit_list(target_type="vendor", target_id=vendor.id, limit=20).items}, status=status)


def _returned(request: HttpRequest, vendor) -> None:
    """Back from Stripe's onboarding: read the account now rather than wait for its webhook."""
    try:
        vendors.vendor_account_sync(account_id=vendor.account_id, vendor_id=vendor.id)
    except QuorumError as exc:
        messages.warning(request, f"Back from onboarding; Stripe's answer is not in yet ({exc.detail}).")


@require_POST
@staff_required(role=ADMIN)
def vendor_account(request: HttpRequest, vendor_id: str) -> HttpResponse:
    _ensure_account(request, _vendor(vendor_id).id)
    return redirect("ops:vendor", vendor_id=vendor_id)


@require_POST
@staff_required(role=ADMIN)
def vendor_onboarding(request: HttpRequest, vendor_id: str) -> HttpResponse:
    """A fresh Stripe-hosted onboarding page, opened at once (its link works once, for a few minutes)."""
    vendor = _vendor(vendor_id)
    page = request.build_absolute_uri(reverse("ops:vendor", args=[vendor.id]))
    try:
        url = vendors.vendor_onboarding_link(vendor_id=vendor.id, return_url=f"{page}?onboarding={RETURNED}",
                                             refresh_url=f"{page}?onboarding={REFRESH}", actor=request.staff.email)
    except QuorumError as exc:
        messages.error(request, exc.detail)
        return redirect("ops:vendor", vendor_id=vendor.id)
    return HttpResponseRedirect(url)
