"""Functions a schedule runs for the deal room (the event {"command": "<dotted path>"}, as
commerce.scheduled.reservations_sweep): each takes the scheduled event and the Lambda context."""
from __future__ import annotations

from typing import Any

STALE_AFTER = 6 * 3600  # open deals' insights older than this are recomputed (a silent role grows silent)


def insights_refresh_stale(event: dict, context: Any = None) -> dict:
    from commerce.persistence import retry
    from dealroom.services.insights import insights_refresh_stale as refresh

    with retry.budget(retry.BACKGROUND):
        return {"recomputed": refresh(older_than=STALE_AFTER)}
