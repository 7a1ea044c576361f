"""Where one person is in Quorum's table, found through keys and indexes only (no scan): their user by the
email's claim, their memberships (GSI1 USER#<id>), the invitations sent to the email (GSI1 INVITEE#<email>),
each of those deals' log, the orders they started paying, the billing customers with their email, the audit
entries that name them and the sessions that sign them in. Read by the export and by the erasure's first step."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from commerce.domain.audit import AuditEntry
from commerce.domain.privacy import Person
from commerce.domain.users import User, normalize_email
from dealroom.domain.deals import Deal, Invite, Member
from dealroom.domain.erasure import LoggedEvent, concerns
from dealroom.persistence.uow import unit_of_work
from dealroom.services.pay import billing_account


@dataclass(frozen=True)
class Billing:
    account_id: str
    customer_id: str  # the Stripe Customer


@dataclass(frozen=True)
class Footprint:
    email: str
    user: Optional[User]
    memberships: list[Member] = field(default_factory=list)
    deals: dict[str, Deal] = field(default_factory=dict)  # every deal they are in or were invited to
    invites: list[Invite] = field(default_factory=list)
    logs: dict[str, list[LoggedEvent]] = field(default_factory=dict)  # deal id -> its log
    order_ids: list[str] = field(default_factory=list)  # orders they started paying (order.created by them)
    billing: list[Billing] = field(default_factory=list)  # billing customers with their email
    audit: list[tuple[str, AuditEntry]] = field(default_factory=list)  # (sort key, entry) naming them
    sessions: list[str] = field(default_factory=list)  # keys of sessions that sign them in (never exported)

    def person(self) -> Person:
        names = {m.name for m in self.memberships} | {i.name for i in self.invites}
        if self.user is not None:
            names.add(self.user.name)
        return Person(email=self.email, user_ids=frozenset([self.user.id] if self.user else []),
                      names=frozenset(n for n in names if n))

    def events_concerning(self, deal_id: str) -> list[LoggedEvent]:
        person = self.person()
        return [event for event in self.logs.get(deal_id, []) if concerns(event, person)]

    def found(self) -> dict[str, list[str]]:
        """What an erasure request records of it (ids to work through, names to redact)."""
        person = self.person()
        return {"user_ids": sorted(person.user_ids), "names": sorted(person.names), "deal_ids": sorted(self.deals),
                "invite_ids": sorted(i.id for i in self.invites), "order_ids": list(self.order_ids),
                "billing": [f"{b.account_id}:{b.customer_id}" for b in self.billing]}

    def size(self) -> int:
        return (int(self.user is not None) + len(self.memberships) + len(self.invites) + len(self.order_ids)
                + len(self.billing) + len(self.audit) + sum(len(self.events_concerning(d)) for d in self.logs))


def footprint_of(*, email: str) -> Footprint:
    email = normalize_email(email)
    u = unit_of_work()
    user = u.users.by_email(email)
    memberships: list[Member] = []
    sessions: list[str] = []
    if user is not None:
        for deal_id in u.members.deals_of(user.id):
            member = u.members.get(deal_id=deal_id, user_id=user.id)
            if member is not None:
                memberships.append(member)
        sessions = u.session_links.of_user(user.id)
    invites = u.invites.of_email(email)
    deals = {deal_id: deal for deal_id in sorted({m.deal_id for m in memberships} | {i.deal_id for i in invites})
             if (deal := u.deals.get(deal_id)) is not None}
    logs = {deal_id: u.events.logged(deal_id) for deal_id in deals}
    order_ids = [str(e.payload["order_id"]) for log in logs.values() for e in log
                 if e.type == "order.created" and user is not None and e.actor_user_id == user.id
                 and e.payload.get("order_id")]
    billing = []
    for deal_id in deals:
        record = u.billing.customer_record(billing_account(deal_id))
        if record is not None and record[2].strip().lower() == email:
            billing.append(Billing(account_id=billing_account(deal_id), customer_id=record[0]))
    found = Footprint(email=email, user=user, memberships=memberships, deals=deals, invites=invites, logs=logs,
                      order_ids=list(dict.fromkeys(order_ids)), billing=billing, sessions=sessions)
    person = found.person()
    audit = [(key, entry) for deal_id in deals for key, entry in u.audit.about(("deal", deal_id))
             if person.mentioned_in([entry.before, entry.after, entry.reason])]
    return replace(found, audit=audit)
