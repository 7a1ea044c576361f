"""The admin's Integrations page (admin staff): per vendor its queue's figures (visible, in flight, dead
letters, oldest ages), the last events published, redrive a vendor's DLQ and republish a deal's events
from a seq (both audited). The figures refresh in place from integrations/figures.json."""
from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commerce.errors import QuorumError
from commerce.fanout import bus
from commerce.ops.access import staff_required
from commerce.services.integrations import (
    dead_letters_redrive,
    events_republish,
    integrations_figures,
    published_recent,
)


def _figures() -> tuple[list[dict], str]:
    if not bus.enabled():
        return [], "The CRM fan-out is off (INTEGRATIONS_STAGE is empty)."
    try:
        return [asdict(f) for f in integrations_figures()], ""
    except Exception as exc:  # the page still shows what it can
        return [], f"The queues cannot be read right now ({type(exc).__name__})."


@staff_required(role="admin")
def integrations(request: HttpRequest) -> HttpResponse:
    figures, error = _figures()
    try:
        published = published_recent(limit=20) if bus.enabled() else []
    except QuorumError:
        published = []
    return render(request, "ops/integrations.html", {
        "figures": figures, "error": error, "published": published, "bus": bus.bus_name() if bus.enabled() else "",
        "vendors": bus.configured_vendors(), "section": "integrations"})


@staff_required(role="admin")
def integrations_figures_json(request: HttpRequest) -> JsonResponse:
    figures, error = _figures()
    return JsonResponse({"queues": figures, "error": error})


@require_POST
@staff_required(role="admin")
def integrations_redrive(request: HttpRequest, vendor: str) -> HttpResponse:
    try:
        moved = dead_letters_redrive(vendor=vendor, actor=request.staff.email)
    except QuorumError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"Moved {moved} message{'s' if moved != 1 else ''} from the {vendor} "
                                  "dead-letter queue back to its queue.")
    return redirect("ops:integrations")


@require_POST
@staff_required(role="admin")
def integrations_republish(request: HttpRequest) -> HttpResponse:
    deal_id = (request.POST.get("deal_id") or "").strip()
    try:
        from_seq = int(request.POST.get("from_seq") or "1")
        count = events_republish(kind="deal", subject_id=deal_id, from_seq=from_seq, actor=request.staff.email)
    except ValueError:
        messages.error(request, "The first seq must be a whole number.")
    except QuorumError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"Republished {count} event{'s' if count != 1 else ''} of deal {deal_id} "
                                  f"from seq {from_seq}.")
    return redirect("ops:integrations")
