"""Deals: created by sales staff with a quote cart and invitations for the committee — all in ONE
transaction (the cart, the deal, its audit entry, each invitation and its `member.invited` event), so a
deal never exists without its quote nor half its invitations."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from commerce import clock, ids
from commerce.domain.cart import Cart
from commerce.domain.money import normalize_currency
from commerce.errors import InvalidInput
from commerce.persistence import retry
from commerce.services.audit import audit_add
from dealroom.domain.deals import (
    DEFAULT_EDIT_ROLES,
    DEFAULT_PRICE_ROLES,
    DEFAULT_REQUIRED_ROLES,
    MEDDPICC,
    STAGES,
    Deal,
    Pricing,
    validate_roles,
)
from dealroom.persistence.uow import unit_of_work
from dealroom.services.invites import invite_url, invited_event, new_invite
from dealroom.services.log import deal_read

MAX_INVITES_AT_CREATION = 40  # 3 + 2 per invitation actions in one transaction; more are invited afterwards


@dataclass(frozen=True)
class CreatedDeal:
    deal: Deal
    invites: dict[str, str]  # email -> invitation URL


def deal_create(*, account_name: str, owner: str, base_url: str, currency: str = "usd", expected_value: int = 0,
                stage: str = "discovery", discount_bps: int = 0, price_overrides: Optional[dict] = None,
                meddpicc: Optional[dict] = None, members: tuple[tuple[str, str, str], ...] = (),
                required_roles: tuple[str, ...] = DEFAULT_REQUIRED_ROLES,
                price_roles: tuple[str, ...] = DEFAULT_PRICE_ROLES,
                edit_roles: tuple[str, ...] = DEFAULT_EDIT_ROLES, internal_notes: str = "",
                audit_actor: Optional[str] = None) -> CreatedDeal:
    """`members` are (email, role, name) to invite right away. Made from the admin (`audit_actor`), the deal
    and its audit entry are written together."""
    account_name = (account_name or "").strip()
    if not account_name:
        raise InvalidInput("the account name must not be empty")
    if stage not in STAGES:
        raise InvalidInput(f"stage must be one of {', '.join(STAGES)}")
    if not isinstance(expected_value, int) or expected_value < 0:
        raise InvalidInput("expected value must be a whole number of minor units")
    unknown = set(meddpicc or {}) - set(MEDDPICC)
    if unknown:
        raise InvalidInput(f"unknown MEDDPICC field(s): {', '.join(sorted(unknown))}")
    if len(members) > MAX_INVITES_AT_CREATION:
        raise InvalidInput(f"invite at most {MAX_INVITES_AT_CREATION} people when creating a deal; invite the "
                           "others from the deal's page")
    now = clock.now()
    deal_id = ids.new_id()
    cart = Cart(id=ids.new_id(), version=1, currency=normalize_currency(currency), deal_id=deal_id)
    invites = [new_invite(deal_id=deal_id, email=email, role=role, name=name, created_by=owner)
               for email, role, name in members]
    pricing = Pricing(discount_bps=discount_bps, overrides=dict(price_overrides or {}))
    deal = Deal(
        id=deal_id, account_name=account_name[:200], stage=stage, currency=cart.currency,
        expected_value=expected_value, owner=owner, cart_id=cart.id, version=1, created_at=now, pricing=pricing,
        meddpicc={k: str(v) for k, v in (meddpicc or {}).items()}, internal_notes=(internal_notes or "").strip()[:5000],
        price_roles=validate_roles(list(price_roles)), edit_roles=validate_roles(list(edit_roles)),
        required_roles=validate_roles(list(required_roles)), last_event_seq=len(invites), last_activity_at=now,
        stage_changed_at=now,
    )

    def attempt() -> None:
        u = unit_of_work()
        u.carts.add(cart, owner_id=None, now=now, expires_at=None)
        u.deals.add(deal)
        if audit_actor:
            audit_add(u, actor=audit_actor, action="deal.create", target_type="deal", target_id=deal_id,
                      after={"account_name": deal.account_name, "stage": stage, "expected_value": expected_value,
                             "currency": cart.currency, "discount_bps": pricing.discount_bps})
        for seq, invite in enumerate(invites, start=1):
            u.invites.add(invite, label=f"invite:{seq}")
            u.events.add(deal_id=deal_id, seq=seq, event=invited_event(invite), actor=owner, actor_user_id=None,
                         at=now, label=f"event:{seq}")
        u.commit()

    retry.attempt(attempt)
    return CreatedDeal(deal=deal_read(deal_id), invites={i.email: invite_url(base_url, i.id) for i in invites})
