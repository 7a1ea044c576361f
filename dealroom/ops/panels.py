"""The deal room's panel on the admin dashboard (registered in DealroomConfig.ready())."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from dealroom import staff_selectors
from dealroom.domain.deals import ROLE_LABELS


def deals_panel(request: HttpRequest) -> dict:
    board = staff_selectors.deal_board()
    stalled = staff_selectors.stalled_deals(days=settings.STALLED_AFTER_DAYS, board=board)
    return {
        "template": "ops/_deals_panel.html",
        "open_by_stage": [(stage, len(board[stage])) for stage in staff_selectors.OPEN_STAGES],
        "open_total": sum(len(board[stage]) for stage in staff_selectors.OPEN_STAGES),
        "stalled": [(deal, [ROLE_LABELS[r] for r in roles])
                    for deal, roles in stalled[:10]],
        "stalled_days": settings.STALLED_AFTER_DAYS,
    }
