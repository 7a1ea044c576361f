"""Who may use the admin. Staff sign in with their own session key (separate from a committee member's
sign-in in the same browser); anonymous visitors are sent to the sign-in page, buyers and sales staff on
admin-only pages get 403."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Optional
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from commerce.services.staff import StaffMember, staff_get
from config.observability import tracing

SESSION_STAFF = "staff_user_id"


def sign_in(request: HttpRequest, member: StaffMember) -> None:
    request.session.cycle_key()  # a fresh session key at sign-in (no fixation)
    request.session[SESSION_STAFF] = member.id
    request.session.set_expiry(settings.STAFF_SESSION_SECONDS)


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_STAFF, None)
    request.session.cycle_key()


def current_staff(request: HttpRequest) -> Optional[StaffMember]:
    if not hasattr(request, "_staff"):
        user_id = request.session.get(SESSION_STAFF)
        request._staff = staff_get(user_id=user_id) if user_id else None
    return request._staff


def staff_required(view: Optional[Callable] = None, *, role: Optional[str] = None):
    """`@staff_required` for any staff member, `@staff_required(role="admin")` for admin-only pages."""

    def decorate(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            staff = current_staff(request)
            if staff is None:
                if request.session.get("deal_members"):  # a signed-in committee member, not staff
                    return render(request, "ops/forbidden.html", {"reason": "This area is for Quorum staff."},
                                  status=403)
                return HttpResponseRedirect(reverse("ops:login") + "?" + urlencode({"next": request.get_full_path()}))
            if role and staff.role != role:
                return render(request, "ops/forbidden.html", {"staff": staff,
                              "reason": f"This page is for {role} staff; you are signed in as {staff.role}."},
                              status=403)
            request.staff = staff
            tracing.annotate(role=staff.role)
            return fn(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
