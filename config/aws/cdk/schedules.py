"""The function's schedules, created by the app stack (EventBridge Scheduler) in the active region only.

Not Zappa's `events`: `zappa update` deletes every EventBridge rule that targets the function and every
events.amazonaws.com permission on it before re-adding its own, and it cannot run a schedule in one region
of two. A Scheduler schedule is neither a rule nor a permission (it invokes through its own role)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Schedule:
    name: str
    function: str  # dotted path; Zappa's handler runs it for an event {"command": <path>}
    expression: str

    def event(self) -> dict[str, str]:
        """What the function receives: Zappa's handler routes a `command` event to the function."""
        return {"command": self.function}


SCHEDULES = (
    Schedule("reservations-sweep", "commerce.scheduled.reservations_sweep", "rate(1 minute)"),
    Schedule("insights-refresh", "dealroom.scheduled.insights_refresh_stale", "rate(1 hour)"),  # a silence scores
    Schedule("deals-stalled", "dealroom.scheduled.deals_stalled", "rate(1 hour)"),
    Schedule("privacy-sweep", "dealroom.privacy.scheduled.privacy_sweep", "rate(1 hour)"),  # docs/privacy.md
)
