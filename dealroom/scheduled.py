"""The deal room's scheduled functions (EventBridge Scheduler -> Zappa's `command` event; config/aws/cdk)."""
from __future__ import annotations

from typing import Any


def deals_stalled(event: dict, context: Any = None) -> dict:
    from commerce.persistence import retry
    from dealroom.services.stalled import deals_stalled_flag

    with retry.budget(retry.BACKGROUND):
        return {"stalled_reported": len(deals_stalled_flag())}
