"""The Traces tile on the admin dashboard (admin staff): traces kept, how many failed or were refused, the
slowest request. Registered in CommerceConfig.ready()."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from commerce.ops import trace_store


def traces_panel(request: HttpRequest) -> dict[str, Any]:
    staff = getattr(request, "staff", None)
    if staff is None or staff.role != "admin" or not settings.XRAY_TRACES_DIR:
        return {"template": "ops/_traces_panel.html", "shown": False}
    traces = trace_store.recent(settings.XRAY_TRACES_DIR, limit=500)
    slowest = max((t for t in traces if t.entry == "http"), key=lambda t: t.root.duration_ms, default=None)
    return {"template": "ops/_traces_panel.html", "shown": True, "count": len(traces),
            "failed": sum(1 for t in traces if t.failed), "refused": sum(1 for t in traces if t.refused),
            "slowest": slowest}
