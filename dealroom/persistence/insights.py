"""The insights store: DEAL#<id> / INSIGHTS, the deal's latest insights (score with factors, next best actions,
talking points, churn risk as JSON) with their provenance (provider, model id, prompt hash, latency, tokens,
cost, fallback and its reason) and the inputs they were computed from. In GSI2 DEAL_SCORES /
<open|closed>#<score>#<id>: the deals at risk (open, lowest first) and the deals list by score.

Each write moves `revision` by one under a condition on the revision read, so two recomputes never
overwrite each other unseen; the item's stream is the staff channel's and the CRM fan-out's outbox."""
from __future__ import annotations

import json
from typing import Optional

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction
from dealroom.domain.insights import InputsMark, Provenance, StoredInsights, insights_from_dict
from dealroom.persistence import keys


class InsightsItem(TableItem, discriminator="DealInsights"):
    deal_id = UnicodeAttribute()
    revision = NumberAttribute()
    account_name = UnicodeAttribute(default="")
    stage = UnicodeAttribute()
    score = NumberAttribute()
    band = UnicodeAttribute()
    computed_at = NumberAttribute()
    deal_seq = NumberAttribute(default=0)
    order_version = NumberAttribute(default=0)
    body = UnicodeAttribute()  # Insights.as_dict() as JSON
    provider = UnicodeAttribute()
    requested_provider = UnicodeAttribute()
    model_id = UnicodeAttribute(null=True)
    prompt_hash = UnicodeAttribute(null=True)
    latency_ms = NumberAttribute(default=0)
    input_tokens = NumberAttribute(default=0)
    output_tokens = NumberAttribute(default=0)
    cost = NumberAttribute(default=0)
    fell_back = BooleanAttribute(default=False)
    fallback_reason = UnicodeAttribute(null=True)
    detail = UnicodeAttribute(default="")

    def to_domain(self) -> StoredInsights:
        return StoredInsights(
            deal_id=self.deal_id, revision=int(self.revision), insights=insights_from_dict(json.loads(self.body)),
            provenance=Provenance(
                provider=self.provider, requested_provider=self.requested_provider, model_id=self.model_id,
                prompt_hash=self.prompt_hash, latency_ms=int(self.latency_ms or 0),
                input_tokens=int(self.input_tokens or 0), output_tokens=int(self.output_tokens or 0),
                cost=int(self.cost or 0), fell_back=bool(self.fell_back), fallback_reason=self.fallback_reason,
                detail=self.detail or ""),
            inputs=InputsMark(deal_seq=int(self.deal_seq or 0), order_version=int(self.order_version or 0)),
            account_name=self.account_name or "", stage=self.stage, computed_at=int(self.computed_at))


class InsightStore:
    LABEL = "insights"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, deal_id: str) -> Optional[StoredInsights]:
        try:
            return InsightsItem.get(keys.deal_pk(deal_id), keys.INSIGHTS_SK, consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def get_many(self, deal_ids: list[str]) -> dict[str, StoredInsights]:
        wanted = [(keys.deal_pk(d), keys.INSIGHTS_SK) for d in dict.fromkeys(deal_ids)]
        return {item.deal_id: item.to_domain() for item in InsightsItem.batch_get(wanted)} if wanted else {}

    def ranked(self, *, open_only: bool, descending: bool, stage: str = "", search: str = "",
               start: Optional[dict] = None, limit: int) -> tuple[list[StoredInsights], Optional[dict]]:
        """Scored deals by score (GSI2 DEAL_SCORES): open ones only (lowest first: most at risk), or all of
        them highest first (open deals before closed ones); optionally one stage and/or a name fragment."""
        condition = None
        if stage:
            condition = InsightsItem.stage == stage
        if search:
            match = InsightsItem.account_name.contains(search)
            condition = match if condition is None else condition & match
        range_key = InsightsItem.gsi2sk.startswith(keys.score_state(True)) if open_only else None
        query = InsightsItem.gsi2.query(keys.SCORES_PK, range_key, scan_index_forward=not descending,
                                        filter_condition=condition, limit=limit, last_evaluated_key=start,
                                        page_size=limit * 4 if condition is not None else limit)
        found = [item.to_domain() for item in query]
        last = query.last_evaluated_key
        return found, (last if last and len(found) == limit else None)

    # --- intents ----------------------------------------------------------------------------------

    def put(self, stored: StoredInsights, *, previous_revision: Optional[int]) -> None:
        """Refused (label `insights`) when another generation was stored since `previous_revision` was read."""
        p, i = stored.provenance, stored.insights
        item = InsightsItem(
            keys.deal_pk(stored.deal_id), keys.INSIGHTS_SK, deal_id=stored.deal_id, revision=stored.revision,
            account_name=stored.account_name, stage=stored.stage, score=stored.score, band=stored.band,
            computed_at=stored.computed_at, deal_seq=stored.inputs.deal_seq,
            order_version=stored.inputs.order_version, body=json.dumps(i.as_dict(), separators=(",", ":")),
            provider=p.provider, requested_provider=p.requested_provider, model_id=p.model_id,
            prompt_hash=p.prompt_hash, latency_ms=p.latency_ms, input_tokens=p.input_tokens,
            output_tokens=p.output_tokens, cost=p.cost, fell_back=p.fell_back, fallback_reason=p.fallback_reason,
            detail=p.detail[:500], gsi2pk=keys.SCORES_PK,
            gsi2sk=keys.score_sk(open_=stored.open, score=stored.score, deal_id=stored.deal_id))
        condition = (InsightsItem.pk.does_not_exist() if previous_revision is None
                     else InsightsItem.revision == previous_revision)
        self.tx.put(item, condition=condition, label=self.LABEL)
