"""Stalled detection: each open deal with no activity, or with required roles silent, for STALLED_AFTER_DAYS
gets ONE `deal.stalled` event in its log (the CRM fan-out's "Deal Stalled"), written like any deal change.
Reporting is not activity (the deal's last_activity_at stays); a deal is reported again only after new
activity and a new stall. Run hourly (dealroom.scheduled) and by `manage.py deals_stalled`."""
from __future__ import annotations

from typing import Optional

from django.conf import settings

from commerce import clock
from dealroom.domain.deals import ROLE_LABELS, Deal, DealChange
from dealroom.domain.events import DealStalled
from dealroom.domain.health import stalled_roles
from dealroom.persistence.uow import DealUnitOfWork
from dealroom.selectors import members_of
from dealroom.services.log import DealPinFailed, deal_change
from dealroom.staff_selectors import stalled_deals


def _reported(deal: Deal) -> bool:
    return bool(deal.stalled_flagged_at) and deal.stalled_flagged_at >= deal.last_activity_at


def deals_stalled_flag(*, days: Optional[int] = None) -> list[str]:
    """Report the deals that stalled since they were last active; returns their ids."""
    days = days or settings.STALLED_AFTER_DAYS
    reported = []
    for deal, roles in stalled_deals(days=days):
        if _reported(deal):
            continue

        def plan(u: DealUnitOfWork, current: Deal, change: DealChange, roles: list[str] = roles) -> DealStalled:
            change.stalled_flag = True
            roles = roles or stalled_roles(current, members_of(current.id), clock.now(), days)  # the silent ones
            return DealStalled(roles=tuple(roles), role_labels=tuple(ROLE_LABELS[r] for r in roles), days=days,
                               last_activity_at=current.last_activity_at, stage=current.stage)

        try:
            deal_change(deal_id=deal.id, plan=plan, actor="Quorum", expect=lambda d: not _reported(d),
                        count_action=False)
        except DealPinFailed:  # another run reported it meanwhile
            continue
        reported.append(deal.id)
    return reported
