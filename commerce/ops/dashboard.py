"""The admin's home: today's orders and revenue, failed webhook events, and the panels other apps add
(registered in commerce.admin_panels: the deal room adds open deals by stage and stalled deals)."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commerce import admin_panels as panels
from commerce import clock
from commerce.domain.money import Money
from commerce.ops.access import staff_required
from commerce.payments.selectors import stripe_event_page
from commerce.services.order_reports import orders_on


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context = {"section": "dashboard", "today": clock.iso(clock.now())[:10], "panels": []}
    if request.staff.role == "admin":
        summary = orders_on(day=context["today"])
        context["orders_today"] = summary
        context["revenue_today"] = [Money(amount, currency) for currency, amount in sorted(summary.revenue.items())]
        context["failed_events"] = stripe_event_page(status="failed", limit=5)
    context["panels"] = panels.render_all(request)
    return render(request, "ops/dashboard.html", context)
