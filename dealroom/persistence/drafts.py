"""The draft store: DEAL#<id> / DRAFT#<trigger>#<ref>, one follow-up email per thing it follows (the approved
quote version, the paid order). Created once (a stream redelivery finds it there and leaves staff's edits
alone); an edit or a regeneration pins the version the person saw. A draft names committee members: it
expires (TTL) RETENTION_DAYS after it was last written (docs/privacy.md)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from commerce import clock
from commerce.persistence.base import TableItem
from commerce.persistence.transaction import Transaction
from dealroom.domain.insights import Draft
from dealroom.persistence import keys

RETENTION_DAYS = 90


def _expiry(written_at: int) -> datetime:
    return clock.ttl(written_at + RETENTION_DAYS * 86400)


class DraftItem(TableItem, discriminator="DealDraft"):
    deal_id = UnicodeAttribute()
    trigger = UnicodeAttribute()
    ref = UnicodeAttribute()
    subject = UnicodeAttribute()
    body = UnicodeAttribute()
    to_roles = ListAttribute(of=UnicodeAttribute, default=list)
    provider = UnicodeAttribute()
    generated_at = NumberAttribute()
    edited_by = UnicodeAttribute(null=True)
    edited_at = NumberAttribute(null=True)
    version = NumberAttribute(default=1)

    def to_domain(self) -> Draft:
        return Draft(deal_id=self.deal_id, trigger=self.trigger, ref=self.ref, subject=self.subject, body=self.body,
                     to_roles=tuple(self.to_roles or ()), provider=self.provider, generated_at=int(self.generated_at),
                     edited_by=self.edited_by, edited_at=int(self.edited_at) if self.edited_at else None,
                     version=int(self.version))


def _key(deal_id: str, trigger: str, ref: str) -> DraftItem:
    return DraftItem(keys.deal_pk(deal_id), keys.draft_sk(trigger, ref))


class DraftStore:
    LABEL = "draft"

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def get(self, *, deal_id: str, trigger: str, ref: str) -> Optional[Draft]:
        try:
            return DraftItem.get(keys.deal_pk(deal_id), keys.draft_sk(trigger, ref), consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def of_deal(self, deal_id: str) -> list[Draft]:
        """Newest first."""
        query = DraftItem.query(keys.deal_pk(deal_id), DraftItem.sk.startswith(keys.DRAFT_PREFIX), consistent_read=True)
        return sorted((item.to_domain() for item in query), key=lambda d: d.generated_at, reverse=True)

    # --- intents ----------------------------------------------------------------------------------

    def add(self, draft: Draft) -> None:
        """Refused (label `draft`) if it exists: the first generation stays, with any edit made to it."""
        self.tx.put(DraftItem(
            keys.deal_pk(draft.deal_id), keys.draft_sk(draft.trigger, draft.ref), deal_id=draft.deal_id,
            trigger=draft.trigger, ref=draft.ref, subject=draft.subject, body=draft.body, to_roles=list(draft.to_roles),
            provider=draft.provider, generated_at=draft.generated_at, version=1,
            expires_at=_expiry(draft.generated_at),
        ), condition=DraftItem.pk.does_not_exist(), label=self.LABEL)

    def rewrite(self, draft: Draft, *, subject: str, body: str, provider: str, now: int,
                edited_by: Optional[str]) -> None:
        """A staff edit (`edited_by`) or a regeneration (None); refused (label `draft`) if the draft moved
        past the version read."""
        actions = [DraftItem.subject.set(subject), DraftItem.body.set(body), DraftItem.provider.set(provider),
                   DraftItem.version.add(1), DraftItem.expires_at.set(_expiry(now))]
        if edited_by:
            actions += [DraftItem.edited_by.set(edited_by), DraftItem.edited_at.set(now)]
        else:
            actions += [DraftItem.generated_at.set(now), DraftItem.edited_by.remove(), DraftItem.edited_at.remove()]
        self.tx.update(_key(draft.deal_id, draft.trigger, draft.ref), actions,
                       condition=DraftItem.version == draft.version, label=self.LABEL)

    def remove(self, draft: Draft) -> None:
        """Gone (an erasure: the draft named the person); staff can generate the deal's follow-up again."""
        self.tx.delete(_key(draft.deal_id, draft.trigger, draft.ref), label=self.LABEL)
