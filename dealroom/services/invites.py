"""Invitations: a signed link that works once and lapses (7 days by default). Accepting it (a POST from the
confirmation page) makes the person a member: a user for their email, and the membership in the session."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from django.core import signing

from commerce import clock, ids
from commerce.domain.users import User, normalize_email
from commerce.errors import Gone, NotFound
from commerce.persistence.transaction import TransactionCanceled
from commerce.services.audit import audit_add
from commerce.services.users import user_get_or_create
from dealroom.domain.deals import ROLE_LABELS, Deal, DealChange, Invite, Member, validate_role
from dealroom.domain.events import MemberInvited, MemberJoined
from dealroom.persistence.uow import DealUnitOfWork, unit_of_work
from dealroom.services.log import deal_change

SALT = "quorum.dealroom.invite"
DEFAULT_VALID_DAYS = 7


class InviteUnusable(Gone):
    """Expired or already used: the page says which, and what to do."""

    code = "invite_unusable"


def invite_token(invite_id: str) -> str:
    return signing.dumps({"i": invite_id}, salt=SALT, compress=True)


def invite_url(base_url: str, invite_id: str) -> str:
    return f"{base_url.rstrip('/')}/deals/join/{invite_token(invite_id)}/"


def new_invite(*, deal_id: str, email: str, role: str, name: str = "", created_by: str,
               valid_days: int = DEFAULT_VALID_DAYS) -> Invite:
    return Invite(id=ids.new_id(), deal_id=deal_id, email=normalize_email(email), role=validate_role(role),
                  name=(name or "").strip()[:120], valid_until=clock.now() + valid_days * 86400, created_by=created_by)


def invited_event(invite: Invite) -> MemberInvited:
    return MemberInvited(name=invite.name, role=invite.role, role_label=ROLE_LABELS[invite.role], email=invite.email)


def invite_create(*, deal_id: str, email: str, role: str, name: str = "", created_by: str, base_url: str,
                  valid_days: int = DEFAULT_VALID_DAYS, audit_actor: Optional[str] = None) -> str:
    invite = new_invite(deal_id=deal_id, email=email, role=role, name=name, created_by=created_by,
                        valid_days=valid_days)

    def plan(u: DealUnitOfWork, deal: Deal, change: DealChange) -> MemberInvited:
        u.invites.add(invite)
        if audit_actor:  # made from the admin: its audit entry commits with it
            audit_add(u, actor=audit_actor, action="invite.create", target_type="deal", target_id=deal_id,
                      after={"email": invite.email, "role": invite.role, "valid_until": invite.valid_until})
        return invited_event(invite)

    deal_change(deal_id=deal_id, plan=plan, actor=created_by)
    return invite_url(base_url, invite.id)


@dataclass(frozen=True)
class Joined:
    deal_id: str
    user: User
    role: str


def invite_read(*, token: str) -> tuple[Invite, Deal]:
    """The invitation a link names, and its deal, if it can still be used."""
    try:
        invite_id = signing.loads(token, salt=SALT)["i"]
        invite = unit_of_work().invites.get(ids.check_id(invite_id, "invitation"))
    except (signing.BadSignature, KeyError, TypeError, NotFound):
        invite = None
    deal = unit_of_work().deals.get(invite.deal_id) if invite else None
    if invite is None or deal is None:
        raise NotFound("this invitation link is not valid: check that you copied all of it")
    if invite.used_at:
        raise InviteUnusable("this invitation has already been used: ask the deal owner for a new link",
                             reason="used")
    if invite.valid_until <= clock.now():
        raise InviteUnusable("this invitation has expired: ask the deal owner for a new link", reason="expired")
    return invite, deal


def invite_accept(*, token: str) -> Joined:
    invite, _ = invite_read(token=token)
    user = user_get_or_create(email=invite.email, name=invite.name)
    now = clock.now()

    def plan(u: DealUnitOfWork, deal: Deal, change: DealChange) -> MemberJoined:
        u.invites.use(invite, user_id=user.id, now=now)
        name = user.name or invite.name
        u.members.add(Member(deal_id=invite.deal_id, user_id=user.id, email=user.email, name=name, role=invite.role,
                             joined_at=now, last_seen_at=now))
        return MemberJoined(user_id=user.id, name=name or user.email, role=invite.role,
                            role_label=ROLE_LABELS[invite.role])

    def refused(exc: TransactionCanceled) -> None:
        if exc.failed("invite"):
            raise InviteUnusable("this invitation has already been used: ask the deal owner for a new link",
                                 reason="used") from None

    deal_change(deal_id=invite.deal_id, plan=plan, actor=user.name or invite.name or user.email,
                actor_user_id=user.id, count_action=False, refused=refused)
    return Joined(deal_id=invite.deal_id, user=user, role=invite.role)


def member_get(*, deal_id: str, user_id: str) -> Optional[Member]:
    return unit_of_work().members.get(deal_id=deal_id, user_id=user_id)
