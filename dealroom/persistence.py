"""Deal rooms on the single table.

DEAL#<id> / DEAL                the deal (version-guarded) ; GSI1 DEALS / <created>#<id> for staff lists
DEAL#<id> / MEMBER#<user>       a committee member         ; GSI1 USER#<user> / DEAL#<id>: a member's deals
DEAL#<id> / EVENT#<seq>         the activity log AND the realtime outbox, written in the change's transaction
INVITE#<id> / INVITE            a one-time invitation (TTL 30 days after it lapses)
"""
from __future__ import annotations

import json

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute

from commerce.persistence.base import TableItem
from dealroom.domain.deals import Deal, Member, Pricing

SEQ_DIGITS = 10


def deal_pk(deal_id: str) -> str:
    return f"DEAL#{deal_id}"


DEAL_SK = "DEAL"


def member_sk(user_id: str) -> str:
    return f"MEMBER#{user_id}"


def event_sk(seq: int) -> str:
    return f"EVENT#{seq:0{SEQ_DIGITS}d}"


def invite_pk(invite_id: str) -> str:
    return f"INVITE#{invite_id}"


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

    def to_domain(self) -> Deal:
        def plain(value) -> dict:
            return value.as_dict() if isinstance(value, MapAttribute) else dict(value or {})

        approvals = {role: {k: (int(v) if k in ("at", "quote_version") else v) for k, v in plain(a).items()}
                     for role, a in plain(self.approvals).items()}
        return Deal(
            id=self.deal_id, account_name=self.account_name, stage=self.stage, currency=self.currency,
            expected_value=int(self.expected_value), owner=self.owner, cart_id=self.cart_id, version=int(self.version),
            created_at=int(self.created_at),
            pricing=Pricing(discount_bps=int(self.discount_bps),
                            overrides={k: int(v) for k, v in plain(self.price_overrides).items()}),
            meddpicc=plain(self.meddpicc), internal_notes=self.internal_notes or "",
            price_roles=tuple(self.price_roles or ()), edit_roles=tuple(self.edit_roles or ()),
            required_roles=tuple(self.required_roles or ()), approvals=approvals,
            last_event_seq=int(self.last_event_seq), last_activity_at=int(self.last_activity_at),
            order_id=self.order_id,
        )


class MemberItem(TableItem, discriminator="DealMember"):
    deal_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    role = UnicodeAttribute()
    joined_at = NumberAttribute()
    last_seen_at = NumberAttribute(default=0)
    views = NumberAttribute(default=0)
    actions = NumberAttribute(default=0)

    def to_domain(self) -> Member:
        return Member(deal_id=self.deal_id, user_id=self.user_id, email=self.email, name=self.name or "",
                      role=self.role, joined_at=int(self.joined_at), last_seen_at=int(self.last_seen_at or 0),
                      views=int(self.views or 0), actions=int(self.actions or 0))


class DealEventItem(TableItem, discriminator="DealEvent"):
    deal_id = UnicodeAttribute()
    seq = NumberAttribute()
    type = UnicodeAttribute()
    actor = UnicodeAttribute(default="")
    at = NumberAttribute()
    payload = UnicodeAttribute(default="{}")

    def as_dict(self) -> dict:
        return {"deal_id": self.deal_id, "seq": int(self.seq), "type": self.type, "actor": self.actor,
                "at": int(self.at), "payload": json.loads(self.payload or "{}")}


class InviteItem(TableItem, discriminator="Invite"):
    invite_id = UnicodeAttribute()
    deal_id = UnicodeAttribute()
    email = UnicodeAttribute()
    role = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    valid_until = NumberAttribute()
    created_by = UnicodeAttribute(default="")
    used_at = NumberAttribute(null=True)
    used_by = UnicodeAttribute(null=True)


def quote_sku_pk(sku: str) -> str:
    return f"QUOTE_SKU#{sku}"


class QuoteSkuItem(TableItem, discriminator="QuoteSku"):
    """QUOTE_SKU#<sku> / DEAL#<deal>: which open quotes hold a product (so its stock changes reach them).
    Written and deleted in the same transaction as the quote line."""

    deal_id = UnicodeAttribute()
