"""Staff sign-in and sign-out pages."""
from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from commerce.errors import QuorumError
from commerce.ops.access import current_staff, sign_in, sign_out
from commerce.services.staff import SignInThrottled, staff_authenticate


class SignInForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "username",
                                                                          "autofocus": True}))
    password = forms.CharField(max_length=256, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


def _next(request: HttpRequest) -> str:
    home = reverse("ops:dashboard")
    target = request.POST.get("next") or request.GET.get("next") or home
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
    return target if safe and target.startswith(home) else home


@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and current_staff(request):
        return HttpResponseRedirect(_next(request))
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            member = staff_authenticate(email=form.cleaned_data["email"], password=form.cleaned_data["password"],
                                        address=request.META.get("REMOTE_ADDR", ""))
        except SignInThrottled as exc:
            form.add_error(None, exc.detail)
            status = 429
        except QuorumError as exc:
            form.add_error(None, exc.detail)
            status = 401
        else:
            sign_in(request, member)
            return HttpResponseRedirect(_next(request))
    elif request.method == "POST":
        status = 400
    return render(request, "ops/login.html", {"form": form, "next": _next(request)}, status=status)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    sign_out(request)
    return HttpResponseRedirect(reverse("ops:login") + "?signed_out=1")
