"""Deals in the admin (sales and admin staff): list and board by stage, create, one deal with its terms,
committee, invitations, approvals, activity, engagement and health score."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commerce.errors import InvalidInput, QuorumError
from commerce.ops.access import staff_required
from commerce.services.audit import audit_list
from config.errors import get_or_404, status_of
from dealroom import staff_selectors
from dealroom.domain.deals import MEDDPICC, ROLE_LABELS, STAGES
from dealroom.insight_selectors import SORTS, insights_section, scored_page, scores_of
from dealroom.ops.forms import DealCreateForm, DealEditForm, InviteForm, RoleForm
from dealroom.services import deal_admin
from dealroom.services.deals import deal_create
from dealroom.services.log import deal_read
from dealroom.staff_selectors import staff_view

NEW_INVITE = "ops_new_invite"  # the link just made, shown once on the deal page


@staff_required
def deal_list(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage") or ""
    search = (request.GET.get("q") or "").strip()
    sort = request.GET.get("sort") or ""
    error = None
    try:
        if sort:
            page = scored_page(sort=sort, stage=stage, search=search, cursor=request.GET.get("cursor"))
        else:
            page = staff_selectors.deal_page(stage=stage, search=search, cursor=request.GET.get("cursor"))
    except InvalidInput as exc:
        error, sort, page = exc.detail, "", staff_selectors.deal_page()
    scores = scores_of([d.id for d in page.items]) if not sort else {}
    rows = [(deal, scores.get(deal.id)) for deal in page.items] if not sort else []
    return render(request, "ops/deals.html", {"page": page, "stage": stage, "q": search, "stages": STAGES,
                                              "sort": sort, "sorts": SORTS, "rows": rows,
                                              "error": error, "section": "deals"})


@staff_required
def deal_board(request: HttpRequest) -> HttpResponse:
    board = staff_selectors.deal_board()
    return render(request, "ops/deal_board.html", {"columns": [(s, board[s]) for s in STAGES], "section": "deals"})


def _terms_initial(deal) -> dict:
    initial = {"account_name": deal.account_name, "stage": deal.stage,
               "expected_value": f"{deal.expected_value / 100:.2f}",
               "discount": f"{deal.pricing.discount_bps / 100:g}",
               "price_overrides": "\n".join(f"{sku} = {amount / 100:.2f}"
                                            for sku, amount in sorted(deal.pricing.overrides.items())),
               "required_roles": list(deal.required_roles), "internal_notes": deal.internal_notes,
               "version": deal.version}
    initial.update({f"m_{f}": deal.meddpicc.get(f, "") for f in MEDDPICC})
    return initial


@require_http_methods(["GET", "POST"])
@staff_required
def deal_new(request: HttpRequest) -> HttpResponse:
    form = DealCreateForm(request.POST or None, initial={"stage": "discovery", "expected_value": "0", "discount": "0"})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            c = form.changes()
            try:
                created = deal_create(
                    account_name=c["account_name"], owner=request.staff.email, base_url=_base_url(request),
                    currency=form.cleaned_data["currency"], expected_value=c["expected_value"], stage=c["stage"],
                    discount_bps=c["discount_bps"], price_overrides=c["price_overrides"],
                    meddpicc={k: v for k, v in c["meddpicc"].items() if v.strip()},
                    required_roles=tuple(c["required_roles"]), internal_notes=c["internal_notes"],
                    audit_actor=request.staff.email)
            except QuorumError as exc:
                form.add_error(None, exc.detail)
                status = status_of(exc)
            else:
                messages.success(request, f"Created the deal for {created.deal.account_name}. "
                                          "Invite the committee below.")
                return redirect("ops_deals:deal", deal_id=created.deal.id)
        status = status if status != 200 else 400
    return render(request, "ops/deal_new.html", {"form": form, "section": "deals"}, status=status)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _view(deal_id: str) -> dict:
    return get_or_404(staff_view, deal_id=deal_id)


def _require_deal(deal_id: str) -> None:
    """404 before a write to a deal that does not exist (one read; the page view reads much more)."""
    get_or_404(deal_read, deal_id=deal_id)


def _page(request: HttpRequest, deal_id: str, *, form=None, invite_form=None, status: int = 200) -> HttpResponse:
    view = _view(deal_id)
    deal, cart = view["deal"], view["cart"]
    current = deal.approvals_for(cart.version)
    return render(request, "ops/deal_detail.html", {
        **view, "form": form or DealEditForm(initial=_terms_initial(deal)),
        "invite_form": invite_form or InviteForm(), "role_choices": RoleForm.base_fields["role"].choices,
        "approvals": [(role, ROLE_LABELS[role], current.get(role)) for role in deal.required_roles],
        "meddpicc": [(f.replace("_", " ").capitalize(), deal.meddpicc.get(f, "")) for f in MEDDPICC],
        "activity": staff_selectors.deal_activity(deal_id=deal_id, limit=30),
        "history": audit_list(target_type="deal", target_id=deal_id, limit=15).items,
        "new_invite": request.session.pop(NEW_INVITE, None), "role_labels": ROLE_LABELS,
        "room_url": reverse("dealroom:room", args=[deal_id]), "section": "deals",
        **insights_section(deal_id=deal_id)}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def deal_detail(request: HttpRequest, deal_id: str) -> HttpResponse:
    if request.method == "GET":
        return _page(request, deal_id)
    _require_deal(deal_id)
    form = DealEditForm(request.POST)
    if not form.is_valid():
        return _page(request, deal_id, form=form, status=400)
    try:
        deal_admin.deal_update(deal_id=deal_id, expected_version=form.cleaned_data["version"],
                               actor=request.staff.email, changes=form.changes())
    except QuorumError as exc:
        form.add_error(None, exc.detail)
        return _page(request, deal_id, form=form, status=status_of(exc))
    messages.success(request, "Saved the deal's terms.")
    return redirect("ops_deals:deal", deal_id=deal_id)


@require_POST
@staff_required
def deal_invite(request: HttpRequest, deal_id: str) -> HttpResponse:
    _require_deal(deal_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _page(request, deal_id, invite_form=form, status=400)
    data = form.cleaned_data
    try:
        link = deal_admin.deal_invite(deal_id=deal_id, email=data["email"], role=data["role"], name=data["name"],
                                      actor=request.staff.email, base_url=_base_url(request))
    except QuorumError as exc:
        form.add_error(None, exc.detail)
        return _page(request, deal_id, invite_form=form, status=status_of(exc))
    request.session[NEW_INVITE] = {"email": data["email"], "role": ROLE_LABELS[data["role"]], "link": link}
    return HttpResponseRedirect(reverse("ops_deals:deal", args=[deal_id]) + "#invite")


@require_POST
@staff_required
def deal_member_role(request: HttpRequest, deal_id: str) -> HttpResponse:
    _require_deal(deal_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            deal_admin.member_role_set(deal_id=deal_id, user_id=form.cleaned_data["user_id"],
                                       role=form.cleaned_data["role"], actor=request.staff.email)
        except QuorumError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, f"Role changed to {ROLE_LABELS[form.cleaned_data['role']]}.")
    else:
        messages.error(request, "Choose a role from the list.")
    return HttpResponseRedirect(reverse("ops_deals:deal", args=[deal_id]) + "#committee")
