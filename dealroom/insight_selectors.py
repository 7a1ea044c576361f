"""Staff reads over deal insights: the deals most at risk (open, lowest score first), the deals list by
score, the scores of a page of deals, one deal's insights section. No membership check: only the admin's
staff-only views (and the staff channel) call these; members never reach them."""
from __future__ import annotations

from typing import Any, Optional

from commerce import clock
from commerce.errors import InvalidInput
from commerce.services.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from dealroom.domain.deals import STAGES
from dealroom.domain.insights import StoredInsights
from dealroom.intelligence.usage import usage_day
from dealroom.persistence.uow import unit_of_work
from dealroom.services.ai_usage import ai_usage_get
from dealroom.services.drafts import drafts_list
from dealroom.services.insights import insights_get

SORTS = {"score": "Score, highest first", "risk": "Most at risk first (open deals)"}
MAX_SEARCH = 100


def at_risk(*, limit: int = 10) -> list[StoredInsights]:
    found, _ = unit_of_work().insights.ranked(open_only=True, descending=False, limit=limit)
    return found


def scored_page(*, sort: str, stage: str = "", search: str = "", cursor: Optional[str] = None,
                limit: Optional[int] = None) -> Page[StoredInsights]:
    if sort not in SORTS:
        raise InvalidInput(f"sort must be one of {', '.join(SORTS)}")
    if stage and stage not in STAGES:
        raise InvalidInput(f"stage must be one of {', '.join(STAGES)}")
    limit = clamp_limit(limit, default=25)
    found, last = unit_of_work().insights.ranked(open_only=sort == "risk", descending=sort == "score", stage=stage,
                                                 search=search.strip()[:MAX_SEARCH], start=decode_cursor(cursor),
                                                 limit=limit)
    return Page(items=found, next_cursor=encode_cursor(last))


def scores_of(deal_ids: list[str]) -> dict[str, StoredInsights]:
    return unit_of_work().insights.get_many(deal_ids)


def insights_section(*, deal_id: str) -> dict[str, Any]:
    """The deal page's intelligence section: the stored insights, the drafts, today's model usage."""
    return {"insights": insights_get(deal_id=deal_id), "drafts": drafts_list(deal_id=deal_id),
            "ai_usage": ai_usage_get(deal_id=deal_id, day=usage_day(clock.now()))}
