"""Staff reads over deals: the list (GSI1 DEALS, newest first), the board by stage, stalled deals, and one
deal's activity and health. No membership check: the admin's access control has let only staff in."""
from __future__ import annotations

from typing import Optional

from django.conf import settings

from commerce import clock
from commerce.domain.events import STAFF
from commerce.errors import InvalidInput
from commerce.services import selectors as commerce_selectors
from commerce.services.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from dealroom.domain.deals import STAGES, Deal
from dealroom.domain.health import deal_health, stalled_roles
from dealroom.persistence.uow import unit_of_work
from dealroom.selectors import members_of
from dealroom.services.log import deal_read

OPEN_STAGES = tuple(s for s in STAGES if not s.startswith("closed"))
BOARD_LIMIT = 500  # deals read for the board and the dashboard; past it the list view pages
MAX_SEARCH = 100


def deal_page(*, stage: str = "", search: str = "", cursor: Optional[str] = None,
              limit: Optional[int] = None) -> Page[Deal]:
    limit = clamp_limit(limit, default=25)
    if stage and stage not in STAGES:
        raise InvalidInput(f"stage must be one of {', '.join(STAGES)}")
    search = search.strip()[:MAX_SEARCH]
    deals, last = unit_of_work().deals.newest(stage=stage, search=search, start=decode_cursor(cursor), limit=limit)
    return Page(items=deals, next_cursor=encode_cursor(last))


def deal_board() -> dict[str, list[Deal]]:
    board: dict[str, list[Deal]] = {stage: [] for stage in STAGES}
    deals, _ = unit_of_work().deals.newest(limit=BOARD_LIMIT)
    for deal in deals:
        board[deal.stage].append(deal)
    return board


def stalled_deals(*, days: int, board: Optional[dict[str, list[Deal]]] = None) -> list[tuple[Deal, list[str]]]:
    """Open deals with no activity for `days`, or with a required role silent that long."""
    board = board if board is not None else deal_board()
    now = clock.now()
    found = []
    for stage in OPEN_STAGES:
        for deal in board[stage]:
            quiet = now - deal.last_activity_at >= days * 86400
            roles = stalled_roles(deal, members_of(deal.id), now, days) if not quiet else []
            if quiet or roles:
                found.append((deal, roles))
    return found


def deal_activity(*, deal_id: str, limit: int = 50) -> list[dict]:
    """Newest first, everything staff may see."""
    return [event.as_dict(STAFF) for event in unit_of_work().events.newest(deal_id, limit=limit)]


def staff_view(*, deal_id: str, stalled_days: Optional[int] = None) -> dict:
    """Everything, for sales staff: MEDDPICC, notes, engagement and the health score with its reasons."""
    stalled_days = settings.STALLED_AFTER_DAYS if stalled_days is None else stalled_days
    deal = deal_read(deal_id)
    cart = commerce_selectors.cart_get(cart_id=deal.cart_id)
    members = members_of(deal_id)
    health = deal_health(deal, members, cart.version, clock.now(), stalled_days)
    return {"deal": deal, "cart": cart, "members": members, "health": health}
