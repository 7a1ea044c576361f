"""Who is asking: the memberships this browser holds, in the (DynamoDB) session.

One browser may hold several memberships (a person invited to two deals, perhaps under two emails): the
session maps each deal to the member's user id, and joining one deal never signs the browser out of
another."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from django.http import HttpRequest

SESSION_MEMBERSHIPS = "deal_members"  # {deal_id: user_id}


def join(request: HttpRequest, *, deal_id: str, user_id: str) -> None:
    memberships = dict(request.session.get(SESSION_MEMBERSHIPS) or {})
    if not memberships:
        request.session.cycle_key()  # a fresh session key at the first sign-in (no fixation)
    memberships[deal_id] = user_id
    request.session[SESSION_MEMBERSHIPS] = memberships


def member_of(session: Mapping[str, Any], deal_id: str) -> Optional[str]:
    """The user id this session holds for `deal_id` (works on a request's and a websocket's session)."""
    return (session.get(SESSION_MEMBERSHIPS) or {}).get(deal_id)


def session_subjects(data: Mapping[str, Any]) -> set[str]:
    """The users a session signs in (commerce.session_subjects): so an erasure finds and ends its sessions."""
    return {user_id for user_id in (data.get(SESSION_MEMBERSHIPS) or {}).values() if isinstance(user_id, str)}


def current_user_id(request: HttpRequest, deal_id: str) -> Optional[str]:
    return member_of(request.session, deal_id)


def is_member_somewhere(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_MEMBERSHIPS))


def check_csrf(request: HttpRequest) -> None:
    """Session-authenticated writes need Django's CSRF token (sent by the room's script as X-CSRFToken)."""
    from django.middleware.csrf import CsrfViewMiddleware

    from commerce.errors import NotAllowed

    rejected = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    if rejected is not None:
        raise NotAllowed("this request lacks a valid CSRF token: reload the page and try again")
