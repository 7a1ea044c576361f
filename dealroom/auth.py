"""Who is asking: the signed-in user's id lives in the (DynamoDB) session."""
from __future__ import annotations

from typing import Optional

from django.http import HttpRequest

SESSION_USER = "user_id"


def login(request: HttpRequest, user_id: str) -> None:
    request.session.cycle_key()  # a fresh session key at sign-in (no fixation)
    request.session[SESSION_USER] = user_id


def current_user_id(request: HttpRequest) -> Optional[str]:
    return request.session.get(SESSION_USER)


def check_csrf(request: HttpRequest) -> None:
    """Session-authenticated writes need Django's CSRF token (sent by the room's script as X-CSRFToken)."""
    from django.middleware.csrf import CsrfViewMiddleware

    from dealroom.domain.deals import NotAllowed

    rejected = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    if rejected is not None:
        raise NotAllowed("this request lacks a valid CSRF token: reload the page and try again")
