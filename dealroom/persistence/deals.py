"""The deal store: DEAL#<id> / DEAL (policy, tier pricing, MEDDPICC, approvals, last_event_seq), listed
for staff through GSI1 DEALS / <created>#<id>. Every change to a deal moves `last_event_seq` under a
condition in the same transaction as its event (see events.py): the log is gapless and ordered."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Optional

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.operand import Value

from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction
from dealroom.domain.deals import Deal, DealChange, Pricing
from dealroom.persistence import keys


class ApprovalAttribute(MapAttribute):
    user_id = UnicodeAttribute()
    name = UnicodeAttribute()
    at = NumberAttribute()
    quote_version = NumberAttribute()


class DealItem(TableItem, discriminator="Deal"):
    deal_id = UnicodeAttribute()
    account_name = UnicodeAttribute()
    stage = UnicodeAttribute()
    currency = UnicodeAttribute()
    expected_value = NumberAttribute(default=0)
    owner = UnicodeAttribute()
    cart_id = UnicodeAttribute()
    version = NumberAttribute(default=1)
    created_at = NumberAttribute()
    discount_bps = NumberAttribute(default=0)
    price_overrides = MapAttribute(default=dict)
    meddpicc = MapAttribute(default=dict)
    internal_notes = UnicodeAttribute(default="")
    price_roles = ListAttribute(of=UnicodeAttribute)
    edit_roles = ListAttribute(of=UnicodeAttribute)
    required_roles = ListAttribute(of=UnicodeAttribute)
    approvals = MapAttribute(default=dict)
    last_event_seq = NumberAttribute(default=0)
    last_activity_at = NumberAttribute(default=0)
    order_id = UnicodeAttribute(null=True)
    stage_changed_at = NumberAttribute(null=True)
    stalled_flagged_at = NumberAttribute(null=True)

    def to_domain(self) -> Deal:
        approvals = {role: {k: (int(v) if k in ("at", "quote_version") else v) for k, v in _plain(a).items()}
                     for role, a in _plain(self.approvals).items()}
        return Deal(
            id=self.deal_id, account_name=self.account_name, stage=self.stage, currency=self.currency,
            expected_value=int(self.expected_value), owner=self.owner, cart_id=self.cart_id, version=int(self.version),
            created_at=int(self.created_at),
            pricing=Pricing(discount_bps=int(self.discount_bps),
                            overrides={k: int(v) for k, v in _plain(self.price_overrides).items()}),
            meddpicc=_plain(self.meddpicc), internal_notes=self.internal_notes or "",
            price_roles=tuple(self.price_roles or ()), edit_roles=tuple(self.edit_roles or ()),
            required_roles=tuple(self.required_roles or ()), approvals=approvals,
            last_event_seq=int(self.last_event_seq), last_activity_at=int(self.last_activity_at),
            order_id=self.order_id, stage_changed_at=int(self.stage_changed_at or self.created_at),
            stalled_flagged_at=int(self.stalled_flagged_at or 0),
        )


def _plain(value: Any) -> dict:
    return value.as_dict() if isinstance(value, MapAttribute) else dict(value or {})


class DealStore:
    LABEL = "deal"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, deal_id: str) -> Optional[Deal]:
        try:
            return DealItem.get(keys.deal_pk(deal_id), keys.DEAL_SK, consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def newest(self, *, stage: str = "", search: str = "", start: Optional[dict] = None,
               limit: int) -> tuple[list[Deal], Optional[dict]]:
        """Newest first (GSI1 DEALS), optionally in one stage and/or with a name fragment (filters)."""
        condition = None
        if stage:
            condition = DealItem.stage == stage
        if search:
            match = DealItem.account_name.contains(search)
            condition = match if condition is None else condition & match
        query = DealItem.gsi1.query(keys.DEALS_PK, scan_index_forward=False, filter_condition=condition, limit=limit,
                                    last_evaluated_key=start, page_size=limit * 4 if condition is not None else limit)
        deals = [item.to_domain() for item in query]
        last = query.last_evaluated_key
        return deals, (last if last and len(deals) == limit else None)

    def closed_before(self, cutoff: int, stages: tuple[str, ...]) -> Iterator[Deal]:
        """Deals in one of the closed `stages` since before `cutoff` (GSI1 DEALS with a filter: the
        privacy sweep's retention, once an hour; B2B deals number in the thousands)."""
        since = (DealItem.stage_changed_at < cutoff) | (
            DealItem.stage_changed_at.does_not_exist() & (DealItem.created_at < cutoff))
        query = DealItem.gsi1.query(keys.DEALS_PK, filter_condition=DealItem.stage.is_in(*stages) & since)
        return (item.to_domain() for item in query)

    # --- intents ----------------------------------------------------------------------------------

    def add(self, deal: Deal) -> None:
        self.tx.put(DealItem(
            keys.deal_pk(deal.id), keys.DEAL_SK, deal_id=deal.id, account_name=deal.account_name, stage=deal.stage,
            currency=deal.currency, expected_value=deal.expected_value, owner=deal.owner, cart_id=deal.cart_id,
            version=deal.version, created_at=deal.created_at, discount_bps=deal.pricing.discount_bps,
            price_overrides=dict(deal.pricing.overrides), meddpicc=dict(deal.meddpicc),
            internal_notes=deal.internal_notes, price_roles=list(deal.price_roles), edit_roles=list(deal.edit_roles),
            required_roles=list(deal.required_roles), approvals={}, last_event_seq=deal.last_event_seq,
            last_activity_at=deal.last_activity_at, stage_changed_at=deal.created_at,
            gsi1pk=keys.DEALS_PK, gsi1sk=keys.deal_created_sk(deal.created_at, deal.id),
        ), condition=DealItem.pk.does_not_exist(), label=self.LABEL)

    def advance(self, deal: Deal, *, seq: int, now: int, change: DealChange) -> None:
        """Take the next sequence number (refused, label `deal`, if another change took it first) and apply
        `change` in the same write."""
        actions = [DealItem.last_event_seq.set(seq)]
        actions.append(DealItem.stalled_flagged_at.set(now) if change.stalled_flag
                       else DealItem.last_activity_at.set(now))
        if change.approval is not None:
            role, approval = change.approval
            actions.append(DealItem.approvals[role].set(Value(ApprovalAttribute(**approval),
                                                              attribute=ApprovalAttribute())))
        for role, approval in change.approvals_rewritten.items():
            actions.append(DealItem.approvals[role].set(Value(ApprovalAttribute(**approval),
                                                              attribute=ApprovalAttribute())))
        if change.order_id is not None:
            actions.append(DealItem.order_id.set(change.order_id))
        if change.bump_version:
            actions.append(DealItem.version.add(1))
        if change.terms is not None:
            t = change.terms
            actions += [DealItem.account_name.set(t["account_name"]), DealItem.stage.set(t["stage"]),
                        DealItem.expected_value.set(t["expected_value"]), DealItem.discount_bps.set(t["discount_bps"]),
                        DealItem.price_overrides.set(t["price_overrides"]), DealItem.meddpicc.set(t["meddpicc"]),
                        DealItem.internal_notes.set(t["internal_notes"]),
                        DealItem.required_roles.set(t["required_roles"])]
            if t["stage"] != deal.stage:
                actions.append(DealItem.stage_changed_at.set(now))
        self.tx.update(DealItem(keys.deal_pk(deal.id), keys.DEAL_SK), actions,
                       condition=DealItem.last_event_seq == deal.last_event_seq, label=self.LABEL)
