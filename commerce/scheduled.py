"""Functions Zappa runs on a schedule (zappa_settings.json `events`, CloudWatch/EventBridge rules).

Each takes the scheduled event and the Lambda context and returns a small summary for the logs."""
from __future__ import annotations

from typing import Any


def reservations_sweep(event: dict, context: Any = None) -> dict:
    from commerce.persistence import retry
    from commerce.services.orders import reservations_sweep as sweep
    from config.observability import entry

    with entry.invocation("schedule", "commerce.scheduled.reservations_sweep", lambda_context=context) as run, \
            retry.budget(retry.BACKGROUND):
        expired = sweep()
        run.annotate(expired_orders=expired, outcome="ok")
        return {"expired_orders": expired}
