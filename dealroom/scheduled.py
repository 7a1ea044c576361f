"""The deal room's scheduled functions (EventBridge Scheduler -> Zappa's `command` event, as listed in
config/aws/cdk/schedules.py): each takes the scheduled event and the Lambda context."""
from __future__ import annotations

from typing import Any

STALE_AFTER = 6 * 3600  # open deals' insights older than this are recomputed (a silent role grows silent)


def insights_refresh_stale(event: dict, context: Any = None) -> dict:
    from commerce.persistence import retry
    from dealroom.services.insights import insights_refresh_stale as refresh

    with retry.budget(retry.BACKGROUND):
        return {"recomputed": refresh(older_than=STALE_AFTER)}


def deals_stalled(event: dict, context: Any = None) -> dict:
    from commerce.persistence import retry
    from dealroom.services.stalled import deals_stalled_flag

    with retry.budget(retry.BACKGROUND):
        return {"stalled_reported": len(deals_stalled_flag())}
