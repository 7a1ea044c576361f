"""Invitations: a signed link that works once and lapses (7 days by default). Following it signs the
member in (a member user, and a session in the DynamoDB session store)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from django.core import signing
from pynamodb.exceptions import DoesNotExist

from commerce import clock, ids
from commerce.errors import Conflict, NotFound
from commerce.persistence.transaction import TransactionCanceled
from commerce.services.users import User, normalize_email, user_get_or_create
from dealroom import persistence as p
from dealroom.domain.deals import ROLE_LABELS, validate_role
from dealroom.persistence import InviteItem, MemberItem
from dealroom.services.log import commit_with_event

SALT = "quorum.dealroom.invite"
DEFAULT_VALID_DAYS = 7


class InviteUnusable(Conflict):
    """Expired or already used: the page says which, and what to do."""

    code = "invite_unusable"


def invite_create(*, deal_id: str, email: str, role: str, name: str = "", created_by: str, base_url: str,
                  valid_days: int = DEFAULT_VALID_DAYS, audit_actor: Optional[str] = None) -> str:
    email, role = normalize_email(email), validate_role(role)
    invite_id = ids.new_id()
    valid_until = clock.now() + valid_days * 86400

    def build(deal, tx):
        tx.put(InviteItem(p.invite_pk(invite_id), "INVITE", invite_id=invite_id, deal_id=deal_id, email=email,
                          role=role, name=name.strip()[:120], valid_until=valid_until, created_by=created_by,
                          expires_at=clock.ttl(valid_until + 30 * 86400)), label="invite")
        if audit_actor:  # made from the admin: its audit entry commits with it
            from commerce.services.audit import audit_entry

            tx.put(audit_entry(actor=audit_actor, action="invite.create", target_type="deal", target_id=deal_id,
                               after={"email": email, "role": role, "valid_until": valid_until}), label="audit")
        return {"type": "member.invited", "actor": created_by,
                "payload": {"email": email, "role": role, "role_label": ROLE_LABELS[role]}}

    commit_with_event(deal_id=deal_id, build=build)
    token = signing.dumps({"i": invite_id}, salt=SALT, compress=True)
    return f"{base_url.rstrip('/')}/deals/join/{token}/"


@dataclass(frozen=True)
class Joined:
    deal_id: str
    user: User
    role: str


def invite_accept(*, token: str) -> Joined:
    try:
        invite_id = signing.loads(token, salt=SALT)["i"]
        invite = InviteItem.get(p.invite_pk(ids.check_id(invite_id, "invitation")), "INVITE", consistent_read=True)
    except (signing.BadSignature, KeyError, TypeError, DoesNotExist, NotFound):
        raise NotFound("this invitation link is not valid: check that you copied all of it") from None
    if invite.used_at:
        raise InviteUnusable("this invitation has already been used: ask the deal owner for a new link",
                             reason="used")
    if invite.valid_until <= clock.now():
        raise InviteUnusable("this invitation has expired: ask the deal owner for a new link", reason="expired")
    user = user_get_or_create(email=invite.email, name=invite.name)
    now = clock.now()

    def build(deal, tx):
        tx.update(InviteItem(p.invite_pk(invite.invite_id), "INVITE"),
                  [InviteItem.used_at.set(now), InviteItem.used_by.set(user.id)],
                  condition=InviteItem.used_at.does_not_exist() & (InviteItem.valid_until > now), label="invite")
        tx.put(MemberItem(p.deal_pk(invite.deal_id), p.member_sk(user.id), deal_id=invite.deal_id, user_id=user.id,
                          email=user.email, name=user.name or invite.name, role=invite.role, joined_at=now,
                          last_seen_at=now, gsi1pk=f"USER#{user.id}", gsi1sk=f"DEAL#{invite.deal_id}"),
               label="member")
        return {"type": "member.joined", "actor": user.name or user.email,
                "payload": {"user_id": user.id, "name": user.name or user.email, "role": invite.role,
                            "role_label": ROLE_LABELS[invite.role]}}

    try:
        commit_with_event(deal_id=invite.deal_id, build=build)
    except TransactionCanceled as exc:
        if exc.failed("invite"):
            raise InviteUnusable("this invitation has already been used: ask the deal owner for a new link",
                                 reason="used") from None
        raise
    return Joined(deal_id=invite.deal_id, user=user, role=invite.role)


def member_get(*, deal_id: str, user_id: str):
    try:
        return MemberItem.get(p.deal_pk(deal_id), p.member_sk(user_id), consistent_read=True).to_domain()
    except DoesNotExist:
        return None
