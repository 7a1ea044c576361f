"""Privacy in the admin (admin staff only): export everything about an email as a JSON download, erase it
after a confirmation step that shows what will go (the email typed a second time), and follow each erasure
request's steps. Emails travel in POST bodies only, never in URLs (and so never in access logs)."""
from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from commerce.domain.users import normalize_email
from commerce.errors import InvalidInput, NotFound, QuorumError
from commerce.ops.access import staff_required
from config.errors import status_of
from dealroom.domain.deals import ROLE_LABELS
from dealroom.privacy.erase import STEP_NAMES, erasure_get, erasures_recent, person_erase
from dealroom.privacy.export import person_export
from dealroom.privacy.footprint import footprint_of


class PersonForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)


class ConfirmForm(forms.Form):
    email = forms.EmailField(widget=forms.HiddenInput, max_length=254)
    confirm_email = forms.CharField(label="Type the email address again to confirm", max_length=254)

    def clean(self) -> dict:
        data = super().clean()
        try:
            same = normalize_email(data.get("confirm_email", "")) == normalize_email(data.get("email", ""))
        except InvalidInput:
            same = False
        if not same:
            raise forms.ValidationError("The two email addresses differ: nothing was erased.")
        return data


def _home(request: HttpRequest, form: PersonForm, status: int = 200) -> HttpResponse:
    return render(request, "ops/privacy.html", {"form": form, "requests": erasures_recent(limit=20),
                                                "step_count": len(STEP_NAMES), "section": "privacy"}, status=status)


@require_safe
@staff_required(role="admin")
def privacy(request: HttpRequest) -> HttpResponse:
    return _home(request, PersonForm())


@require_POST
@staff_required(role="admin")
def privacy_export(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _home(request, form, status=400)
    document = person_export(email=form.cleaned_data["email"], actor=request.staff.email)
    answer = HttpResponse(json.dumps(document, indent=2, sort_keys=True, default=str),
                          content_type="application/json")
    answer["Content-Disposition"] = 'attachment; filename="quorum-export.json"'
    answer["Cache-Control"] = "no-store"
    return answer


def _review(request: HttpRequest, email: str, form: ConfirmForm, status: int = 200) -> HttpResponse:
    found = footprint_of(email=email)
    leaving = [(found.deals[m.deal_id].account_name, ROLE_LABELS[m.role]) for m in found.memberships]
    return render(request, "ops/privacy_confirm.html", {
        "email": found.email, "found": found, "form": form, "section": "privacy", "leaving": leaving,
        "events": sum(len(found.events_concerning(deal_id)) for deal_id in found.deals)}, status=status)


@require_POST
@staff_required(role="admin")
def privacy_erase(request: HttpRequest) -> HttpResponse:
    """First POST (an email): what would be erased, and the confirmation form. Second POST (the email typed
    again): the erasure, then its request's page."""
    if "confirm_email" not in request.POST:
        form = PersonForm(request.POST)
        if not form.is_valid():
            return _home(request, form, status=400)
        email = normalize_email(form.cleaned_data["email"])
        return _review(request, email, ConfirmForm(initial={"email": email}))
    confirm = ConfirmForm(request.POST)
    if not confirm.is_valid():
        email = request.POST.get("email", "")
        try:
            return _review(request, normalize_email(email), confirm, status=400)
        except InvalidInput:
            return _home(request, PersonForm(request.POST), status=400)
    try:
        done = person_erase(email=confirm.cleaned_data["email"], actor=request.staff.email)
    except QuorumError as exc:
        confirm.add_error(None, exc.detail)
        return _review(request, normalize_email(confirm.cleaned_data["email"]), confirm, status=status_of(exc))
    messages.success(request, "Erased. Downstream systems are told through the Person Erased event.")
    return redirect("ops_deals:privacy_request", request_id=done.id)


@require_safe
@staff_required(role="admin")
def privacy_request(request: HttpRequest, request_id: str) -> HttpResponse:
    found = erasure_get(request_id=request_id)
    if found is None:
        raise Http404("no erasure request has this id")
    steps = [(name, found.steps.get(name), found.counts.get(name)) for name in STEP_NAMES]
    return render(request, "ops/privacy_request.html", {"erasure": found, "steps": steps, "section": "privacy"})


@require_POST
@staff_required(role="admin")
def privacy_resume(request: HttpRequest, request_id: str) -> HttpResponse:
    """Finish an erasure that stopped (the request still holds the email while it runs)."""
    found = erasure_get(request_id=request_id)
    if found is None or not found.running or not found.email:
        raise NotFound("no unfinished erasure has this id")
    try:
        person_erase(email=found.email, actor=request.staff.email)
    except QuorumError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, "Erased. Downstream systems are told through the Person Erased event.")
    return redirect("ops_deals:privacy_request", request_id=request_id)
