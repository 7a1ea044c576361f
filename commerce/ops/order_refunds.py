"""Refunding some lines of an order (admin staff only): a marketplace order is refunded by lines, so each
vendor gives back exactly its own lines' share (commerce/services/payout_refunds.py)."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from commerce.errors import QuorumError
from commerce.ops.access import staff_required
from commerce.services import payments, selectors
from commerce.services.audit import audit_record
from config.errors import get_or_404

PREFIX = "line:"  # form fields line:<sku> = units to refund


@require_POST
@staff_required(role="admin")
def order_refund_lines(request: HttpRequest, order_id: str) -> HttpResponse:
    order = get_or_404(selectors.order_get, order_id=order_id)
    raw = {key[len(PREFIX):]: (value or "").strip() for key, value in request.POST.items() if key.startswith(PREFIX)}
    seen = request.POST.get("expected_refunds") or ""
    try:
        lines = {sku: int(value) for sku, value in raw.items() if value not in ("", "0")}
    except ValueError:
        messages.error(request, "Enter whole numbers of units to refund.")
        return redirect("ops:order", order_id=order.id)
    if not lines:
        messages.error(request, "Choose at least one unit to refund.")
        return redirect("ops:order", order_id=order.id)
    try:
        refund_id = payments.order_refund(order_id=order.id, lines=lines,
                                          expected_refunds_requested=int(seen) if seen.isdigit() else None)
    except QuorumError as exc:
        messages.error(request, exc.detail)
        return redirect("ops:order", order_id=order.id)
    audit_record(actor=request.staff.email, action="order.refund", target_type="order", target_id=order.id,
                 before={"status": order.status, "amount_refunded": order.payment.amount_refunded},
                 after={"refund": refund_id, "lines": lines})
    messages.success(request, f"Refund {refund_id} of {sum(lines.values())} unit(s) requested from Stripe. The order "
                              "and its vendors' transfers change when Stripe confirms it.")
    return redirect("ops:order", order_id=order.id)
