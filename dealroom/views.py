"""Deal-room pages: the room, and joining by invitation link (a page that names the deal and the role,
then a POST that accepts: a link opened by someone else's page cannot sign this browser in)."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods, require_safe

from commerce.errors import NotFound
from config.errors import get_or_404
from dealroom import selectors, visibility
from dealroom.auth import current_user_id
from dealroom.auth import join as join_session
from dealroom.domain.deals import ROLE_LABELS
from dealroom.services import engagement
from dealroom.services.invites import InviteUnusable, invite_accept, invite_read

ACTIVITY_SHOWN = 40


@require_safe
@ensure_csrf_cookie
def room(request: HttpRequest, deal_id: str) -> HttpResponse:
    found = get_or_404(selectors.room, deal_id=deal_id, user_id=current_user_id(request, deal_id))
    engagement.member_seen(deal_id=deal_id, user_id=found.member.user_id)
    events = selectors.events_after(deal_id=deal_id, user_id=found.member.user_id,
                                    after=max(0, found.deal.last_event_seq - ACTIVITY_SHOWN))
    return render(request, "dealroom/room.html", {"room": found.as_dict(), "events": events,
                                                  "event_labels": visibility.member_event_labels(),
                                                  "returning": request.GET.get("paid") == "1"})


def _problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, InviteUnusable):
        title = "This invitation has expired" if exc.extra.get("reason") == "expired" else \
            "This invitation was already used"
        return render(request, "dealroom/join_problem.html", {"title": title, "detail": exc.detail}, status=410)
    assert isinstance(exc, NotFound)
    return render(request, "dealroom/join_problem.html", {"title": "This link does not work", "detail": exc.detail},
                  status=404)


@require_http_methods(["GET", "HEAD", "POST"])
@ensure_csrf_cookie
def join(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows whose invitation this is and for which deal; POST (with the page's CSRF token) joins."""
    try:
        if request.method != "POST":
            invite, deal = invite_read(token=token)
            return render(request, "dealroom/join.html", {
                "deal": deal, "invite": invite, "role_label": ROLE_LABELS[invite.role],
                "already": current_user_id(request, deal.id) is not None})
        joined = invite_accept(token=token)
    except (NotFound, InviteUnusable) as exc:
        return _problem(request, exc)
    join_session(request, deal_id=joined.deal_id, user_id=joined.user.id)
    return redirect("dealroom:room", deal_id=joined.deal_id)
