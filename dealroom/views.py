"""Deal-room pages: the room, and joining by invitation link."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from commerce.errors import NotFound
from dealroom import selectors
from dealroom.auth import current_user_id, login
from dealroom.services import engagement
from dealroom.services.invites import InviteUnusable, invite_accept


@require_GET
@ensure_csrf_cookie
def room(request: HttpRequest, deal_id: str) -> HttpResponse:
    try:
        found = selectors.room(deal_id=deal_id, user_id=current_user_id(request))
    except NotFound:
        raise Http404("No such deal")
    engagement.member_seen(deal_id=deal_id, user_id=found.member.user_id)
    data = found.as_dict()
    events = selectors.events_after(deal_id=deal_id, user_id=found.member.user_id,
                                    after=max(0, found.deal.last_event_seq - 40))
    return render(request, "dealroom/room.html", {"room": data, "events": events,
                                                  "returning": request.GET.get("paid") == "1"})


@require_GET
def join(request: HttpRequest, token: str) -> HttpResponse:
    try:
        joined = invite_accept(token=token)
    except NotFound as exc:
        return render(request, "dealroom/join_problem.html", {"title": "This link does not work", "detail": exc.detail},
                      status=404)
    except InviteUnusable as exc:
        title = "This invitation has expired" if exc.extra.get("reason") == "expired" else "This invitation was already used"
        return render(request, "dealroom/join_problem.html", {"title": title, "detail": exc.detail}, status=410)
    login(request, joined.user.id)
    return redirect("dealroom:room", deal_id=joined.deal_id)
