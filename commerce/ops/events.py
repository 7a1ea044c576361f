"""Stripe events in the admin: newest first, failed only, one event with its payload and traceback, replay."""
from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commerce.domain.webhooks import STATUSES
from commerce.ops.access import staff_required
from commerce.payments import selectors, webhooks
from commerce.services.audit import audit_record
from config.errors import get_or_404


@staff_required(role="admin")
def event_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or ""
    if status and status not in STATUSES:
        status = ""
    page = selectors.stripe_event_page(status=status or None, cursor=request.GET.get("cursor"))
    return render(request, "ops/events.html", {"page": page, "status": status, "statuses": STATUSES,
                                               "section": "events"})


def _event(event_id: str):
    return get_or_404(selectors.stripe_event_get, event_id=event_id)


@staff_required(role="admin")
def event_detail(request: HttpRequest, event_id: str) -> HttpResponse:
    event = _event(event_id)
    try:
        payload = json.dumps(json.loads(event.payload), indent=2)
    except ValueError:
        payload = event.payload
    return render(request, "ops/event_detail.html", {"event": event, "payload": payload, "section": "events"})


@require_POST
@staff_required(role="admin")
def event_replay(request: HttpRequest, event_id: str) -> HttpResponse:
    event = _event(event_id)
    receipt = webhooks.event_process(event_id=event_id, replay=True)
    after = _event(event_id)
    audit_record(actor=request.staff.email, action="stripe_event.replay", target_type="stripe_event",
                 target_id=event_id, before={"status": event.status, "attempts": event.attempts},
                 after={"status": after.status, "attempts": after.attempts, "outcome": after.outcome})
    if receipt.status == 200 and not receipt.body.get("duplicate"):
        messages.success(request, f"Replayed {event_id}: {receipt.body.get('outcome', 'processed')}.")
    elif receipt.body.get("duplicate"):
        messages.warning(request, f"{event_id} is being processed right now; try again in a minute.")
    else:
        messages.error(request, f"Replaying {event_id} failed again: {receipt.body.get('detail')}")
    return redirect("ops:event", event_id=event_id)
