"""Orders in the admin: by status and date, one order with its lines, payments, invoice, Stripe events and
history, and full or partial refunds (admin staff only)."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commerce.domain.orders import STATUSES
from commerce.errors import InvalidInput, QuorumError
from commerce.ops.access import staff_required
from commerce.ops.forms import RefundForm
from commerce.services import order_reports, payments, selectors, vendor_reports
from commerce.services.audit import audit_list, audit_record
from config.errors import get_or_404, status_of


@staff_required(role="admin")
def order_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or ""
    date_from, date_to = request.GET.get("from") or "", request.GET.get("to") or ""
    error = None
    try:
        page = order_reports.order_page(status=status if status in STATUSES else "", date_from=date_from,
                                        date_to=date_to, cursor=request.GET.get("cursor"))
    except InvalidInput as exc:
        error, page = exc.detail, order_reports.order_page()
    return render(request, "ops/orders.html", {"page": page, "status": status, "statuses": STATUSES,
                                               "date_from": date_from, "date_to": date_to, "error": error,
                                               "section": "orders"})


def _order(order_id: str):
    return get_or_404(selectors.order_get, order_id=order_id)


def _detail(request: HttpRequest, order_id: str, *, form=None, status: int = 200) -> HttpResponse:
    order = _order(order_id)
    form = form or RefundForm(initial={"expected_refunds": order.payment.refunds_requested})
    return render(request, "ops/order_detail.html", {
        "order": order, "form": form, "events": order_reports.order_stripe_events(order_id=order_id),
        "history": audit_list(target_type="order", target_id=order_id, limit=20).items,
        "vendor_shares": vendor_reports.order_vendor_shares(order=order), "section": "orders"}, status=status)


@staff_required(role="admin")
def order_detail(request: HttpRequest, order_id: str) -> HttpResponse:
    return _detail(request, order_id)


@require_POST
@staff_required(role="admin")
def order_refund(request: HttpRequest, order_id: str) -> HttpResponse:
    order = _order(order_id)
    form = RefundForm(request.POST)
    if not form.is_valid():
        return _detail(request, order_id, form=form, status=400)
    amount = form.cleaned_data["amount"]
    try:
        refund_id = payments.order_refund(order_id=order_id, amount=amount,
                                          expected_refunds_requested=form.cleaned_data["expected_refunds"])
    except QuorumError as exc:
        form.add_error(None, exc.detail)
        form.data = form.data.copy()  # what was typed stays; the pin moves to what the order holds now
        form.data["expected_refunds"] = _order(order_id).payment.refunds_requested
        return _detail(request, order_id, form=form, status=status_of(exc))
    audit_record(actor=request.staff.email, action="order.refund", target_type="order", target_id=order_id,
                 before={"status": order.status, "amount_refunded": order.payment.amount_refunded},
                 after={"refund": refund_id, "amount": amount if amount is not None else order.refundable})
    messages.success(request, f"Refund {refund_id} requested from Stripe. The order changes when Stripe confirms it.")
    return redirect("ops:order", order_id=order_id)
