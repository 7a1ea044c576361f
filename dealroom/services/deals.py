"""Deals: created by sales staff with a quote cart and invitations for the committee."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from commerce import clock, ids
from commerce.domain.money import normalize_currency
from commerce.errors import InvalidInput
from commerce.persistence.transaction import Transaction
from commerce.services import carts
from commerce.services.audit import audit_entry
from dealroom import persistence as p
from dealroom.domain.deals import (
    DEFAULT_EDIT_ROLES, DEFAULT_PRICE_ROLES, DEFAULT_REQUIRED_ROLES, MEDDPICC, STAGES, Deal, Pricing, validate_roles,
)
from dealroom.persistence import DealItem
from dealroom.services import invites
from dealroom.services.log import deal_read


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
    pricing = Pricing(discount_bps=discount_bps, overrides=dict(price_overrides or {}))
    deal_id = ids.new_id()
    cart = carts.cart_create(currency=normalize_currency(currency), deal_id=deal_id)
    now = clock.now()
    item = DealItem(
        p.deal_pk(deal_id), p.DEAL_SK, deal_id=deal_id, account_name=account_name[:200], stage=stage,
        currency=cart.currency, expected_value=expected_value, owner=owner, cart_id=cart.id, version=1,
        created_at=now, discount_bps=pricing.discount_bps, price_overrides=pricing.overrides,
        meddpicc={k: str(v) for k, v in (meddpicc or {}).items()}, internal_notes=(internal_notes or "").strip()[:5000],
        price_roles=list(validate_roles(list(price_roles))),
        edit_roles=list(validate_roles(list(edit_roles))), required_roles=list(validate_roles(list(required_roles))),
        approvals={}, last_event_seq=0, last_activity_at=now, gsi1pk="DEALS", gsi1sk=f"{now:010d}#{deal_id}",
    )
    tx = Transaction()
    tx.put(item, condition=DealItem.pk.does_not_exist(), label="deal")
    if audit_actor:
        tx.put(audit_entry(actor=audit_actor, action="deal.create", target_type="deal", target_id=deal_id,
                           after={"account_name": item.account_name, "stage": stage, "expected_value": expected_value,
                                  "currency": cart.currency, "discount_bps": pricing.discount_bps}), label="audit")
    tx.commit()
    links = {}
    for email, role, name in members:
        links[email] = invites.invite_create(deal_id=deal_id, email=email, role=role, name=name, created_by=owner,
                                             base_url=base_url, audit_actor=audit_actor)
    return CreatedDeal(deal=deal_read(deal_id), invites=links)
