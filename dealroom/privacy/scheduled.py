"""The privacy sweep on a schedule (config/aws/cdk/schedules.py: EventBridge Scheduler sends
{"command": "dealroom.privacy.scheduled.privacy_sweep"}, which Zappa's handler routes here)."""
from __future__ import annotations

from typing import Any


def privacy_sweep(event: dict, context: Any = None) -> dict:
    from commerce.persistence import retry
    from dealroom.privacy.retention import privacy_sweep as sweep

    with retry.budget(retry.BACKGROUND):
        return sweep()
