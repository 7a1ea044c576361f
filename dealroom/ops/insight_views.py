"""Deal intelligence in the admin (sales and admin staff): the deal page's section as a fragment (fetched by
the page when the staff channel says the insights moved), and the drafts' edit and regenerate. Nothing is
ever sent: staff copy a draft into their own email."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from commerce.errors import QuorumError
from commerce.ops.access import staff_required
from config.errors import get_or_404
from dealroom.insight_selectors import insights_section
from dealroom.services.drafts import draft_edit, draft_regenerate
from dealroom.services.log import deal_read


@require_GET
@staff_required
def deal_insights(request: HttpRequest, deal_id: str) -> HttpResponse:
    deal = get_or_404(deal_read, deal_id=deal_id)
    response = render(request, "ops/_insights_body.html", {"deal": deal, **insights_section(deal_id=deal_id)})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_required
def deal_draft(request: HttpRequest, deal_id: str) -> HttpResponse:
    get_or_404(deal_read, deal_id=deal_id)
    key, action = request.POST.get("draft", ""), request.POST.get("action", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        if action == "regenerate":
            draft_regenerate(deal_id=deal_id, key=key, expected_version=version, actor=request.staff.email)
            messages.success(request, "Regenerated the draft from the deal as it stands. Nothing was sent.")
        elif action == "save":
            draft_edit(deal_id=deal_id, key=key, expected_version=version, subject=request.POST.get("subject", ""),
                       body=request.POST.get("body", ""), actor=request.staff.email)
            messages.success(request, "Saved your edit of the draft. Nothing was sent.")
        else:
            messages.error(request, "Choose Save or Regenerate.")
    except QuorumError as exc:
        messages.error(request, exc.detail)
    return HttpResponseRedirect(reverse("ops_deals:deal", args=[deal_id]) + "#drafts")
