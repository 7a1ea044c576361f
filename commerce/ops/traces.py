"""The admin's Traces page: a local stand-in for the X-Ray console over what the devstack receiver keeps.
Recent traces (requests, stream batches, scheduled runs) with their outcome and duration, filtered by any
id they carry (deal, order, Stripe event, correlation id); one trace as its tree of subsegments with
durations, annotations and errors. Admin staff only. Where XRAY_TRACES_DIR is unset (Lambda) the page
points at the X-Ray console, where the same traces are."""
from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from commerce.ops import trace_store
from commerce.ops.access import staff_required

ENTRIES = ("http", "stream", "schedule")


def _context(**extra: object) -> dict[str, object]:
    return {"section": "traces", "local": bool(settings.XRAY_TRACES_DIR), "region": settings.AWS_REGION,
            "tracing": settings.QUORUM_TRACING, **extra}


@staff_required(role="admin")
def trace_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    entry = request.GET.get("entry", "")
    entry = entry if entry in ENTRIES else ""
    problems = request.GET.get("problems") == "1"
    traces = (trace_store.recent(settings.XRAY_TRACES_DIR, query=query, entry=entry, problems=problems)
              if settings.XRAY_TRACES_DIR else [])
    return render(request, "ops/traces.html", _context(traces=traces, query=query, entry=entry, entries=ENTRIES,
                                                       problems=problems))


@staff_required(role="admin")
def trace_detail(request: HttpRequest, trace_id: str) -> HttpResponse:
    found = trace_store.trace(settings.XRAY_TRACES_DIR, trace_id) if settings.XRAY_TRACES_DIR else None
    if found is None:
        raise Http404("No such trace among the ones kept")
    return render(request, "ops/trace_detail.html", _context(trace=found, rows=found.rows()))
