"""Staff reads over deals: the list (GSI1 DEALS, newest first), the board by stage, stalled deals, and one
deal's activity. No membership check: the admin's access control has let only staff in."""
from __future__ import annotations

from typing import Optional

from commerce import clock
from commerce.services.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from dealroom import persistence as p
from dealroom.domain.deals import STAGES, Deal
from dealroom.domain.health import stalled_roles
from dealroom.persistence import DealEventItem, DealItem
from dealroom.selectors import members_of

OPEN_STAGES = tuple(s for s in STAGES if not s.startswith("closed"))
BOARD_LIMIT = 500  # deals read for the board and the dashboard; past it the list view pages


def deal_page(*, stage: str = "", search: str = "", cursor: Optional[str] = None,
              limit: Optional[int] = None) -> Page[Deal]:
    limit = clamp_limit(limit, default=25)
    condition = None
    if stage in STAGES:
        condition = DealItem.stage == stage
    if search.strip():
        match = DealItem.account_name.contains(search.strip())
        condition = match if condition is None else condition & match
    query = DealItem.gsi1.query("DEALS", scan_index_forward=False, filter_condition=condition, limit=limit,
                                last_evaluated_key=decode_cursor(cursor), page_size=limit * 4 if condition else limit)
    items = [item.to_domain() for item in query]
    last = query.last_evaluated_key
    return Page(items=items, next_cursor=encode_cursor(last) if last and len(items) == limit else None)


def deal_board() -> dict[str, list[Deal]]:
    board: dict[str, list[Deal]] = {stage: [] for stage in STAGES}
    for item in DealItem.gsi1.query("DEALS", scan_index_forward=False, limit=BOARD_LIMIT):
        board[item.stage].append(item.to_domain())
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
    """Newest first."""
    items = DealEventItem.query(p.deal_pk(deal_id), DealEventItem.sk.startswith("EVENT#"), scan_index_forward=False,
                                limit=limit, consistent_read=True)
    return [item.as_dict() for item in items]
