"""The audit log page: every admin write, newest first; by actor, or one thing's history."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commerce.errors import InvalidInput
from commerce.ops.access import staff_required
from commerce.services.audit import audit_list

TARGET_TYPES = ("product", "order", "deal", "stripe_event", "staff", "vendor", "person")  # person: a privacy request


@staff_required(role="admin")
def audit_log(request: HttpRequest) -> HttpResponse:
    actor = (request.GET.get("actor") or "").strip()
    target_type = request.GET.get("target_type") or ""
    target_id = (request.GET.get("target_id") or "").strip()
    if target_type not in TARGET_TYPES:
        target_type = ""
    error = None
    try:
        page = audit_list(cursor=request.GET.get("cursor"), actor=actor,
                          target_type=target_type if target_id else "", target_id=target_id if target_type else "")
    except InvalidInput as exc:
        error, page = exc.detail, audit_list(actor=actor)
    return render(request, "ops/audit.html", {"page": page, "actor": actor, "target_type": target_type,
                                              "target_id": target_id, "target_types": TARGET_TYPES,
                                              "error": error, "section": "audit"})
