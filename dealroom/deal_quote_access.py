"""How the commerce cart endpoints treat a deal's quote (plugged in by dotted path, so commerce never
imports dealroom): only members see it, filtered by role, and edits go through the room's rules."""
from __future__ import annotations

from typing import Optional

from django.http import HttpRequest

from dealroom import selectors
from dealroom.auth import check_csrf, current_user_id
from dealroom.services import quote


def view(request: HttpRequest, deal_id: str) -> dict:
    return selectors.room(deal_id=deal_id, user_id=current_user_id(request)).as_dict()["quote"]


def line_set(request: HttpRequest, deal_id: str, sku: str, quantity: int, expected_version: Optional[int]) -> dict:
    check_csrf(request)
    quote.quote_line_set(deal_id=deal_id, user_id=current_user_id(request) or "", sku=sku, quantity=quantity,
                         expected_version=expected_version)
    return view(request, deal_id)
