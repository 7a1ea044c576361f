"""The dashboard's deals at risk: open deals with the lowest scores, each with its next best action
(registered in DealroomConfig.ready())."""
from __future__ import annotations

from django.http import HttpRequest

from dealroom.insight_selectors import at_risk

SHOWN = 10


def at_risk_panel(request: HttpRequest) -> dict:
    deals = at_risk(limit=SHOWN)
    return {"template": "ops/_at_risk_tile.html", "section_template": "ops/_at_risk_panel.html",
            "at_risk": deals, "low": sum(1 for d in deals if d.band == "low")}
