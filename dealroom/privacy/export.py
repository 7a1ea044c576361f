"""A data subject's export: everything Quorum holds about one email as one JSON document, each deal shown as
that member may see it (their role's audience: dealroom.visibility), the Stripe customer read from Stripe.
Other people's personal data is left out (the committee's other members, staff's emails: "Quorum staff").

The export is audited (who asked, when, how many things of each kind) without copying its data into the log."""
from __future__ import annotations

from typing import Any, Optional

from commerce import clock
from commerce.domain.audit import AuditEntry
from commerce.domain.orders import Order
from commerce.payments import stripe_privacy
from commerce.services import selectors as commerce_selectors
from commerce.services.audit import audit_record
from dealroom import visibility
from dealroom.domain.deals import ROLE_LABELS, Deal, Invite, Member
from dealroom.domain.erasure import LoggedEvent
from dealroom.domain.events import Committed, from_stored
from dealroom.privacy.footprint import Footprint, footprint_of
from dealroom.privacy.identity import request_id

FORMAT = "quorum.person-export"
VERSION = 1


def person_export(*, email: str, actor: str) -> dict[str, Any]:
    """The export document for `email` (an empty one when Quorum holds nothing), and its audit entry."""
    found = footprint_of(email=email)
    document = export_document(found)
    audit_record(actor=actor, action="privacy.export", target_type="person", target_id=request_id(found.email),
                 after={"sections": {name: len(value) for name, value in document.items() if isinstance(value, list)}})
    return document


def export_document(found: Footprint) -> dict[str, Any]:
    user = found.user
    return {
        "format": FORMAT, "version": VERSION, "generated_at": clock.iso(clock.now()), "email": found.email,
        "user": {"id": user.id, "email": user.email, "name": user.name, "kind": user.kind} if user else None,
        "memberships": [_membership(found, member) for member in found.memberships],
        "invitations": [_invitation(found, invite) for invite in found.invites],
        "orders": [_order(commerce_selectors.order_get(order_id=order_id)) for order_id in found.order_ids],
        "stripe_customers": [stripe_privacy.customer_export(customer_id=b.customer_id) for b in found.billing],
        "audit_entries": [_audit(entry) for _, entry in found.audit],
        "sessions": {"active": len(found.sessions)},
    }


def _membership(found: Footprint, member: Member) -> dict[str, Any]:
    deal = found.deals[member.deal_id]
    audience = visibility.audience_of(deal, member.role)
    cart = commerce_selectors.cart_get(cart_id=deal.cart_id)
    order = commerce_selectors.order_get(order_id=deal.order_id) if deal.order_id else None
    theirs = found.events_concerning(deal.id)
    return {
        "deal": {"id": deal.id, "account_name": deal.account_name, "stage": deal.stage, "currency": deal.currency},
        "role": member.role, "role_label": ROLE_LABELS[member.role], "sees": audience,
        "name": member.name, "email": member.email, "joined_at": member.joined_at,
        "engagement": {"views": member.views, "actions": member.actions, "last_seen_at": member.last_seen_at},
        "quote": visibility.quote_out(deal, cart, member.role),
        "order": visibility.order_out(deal, order, member.role) if order is not None else None,
        "approvals": _approvals(deal, member, cart.version),
        "events": [_event(e, audience) for e in theirs],
    }


def _approvals(deal: Deal, member: Member, quote_version: int) -> list[dict[str, Any]]:
    return [{"role": role, "role_label": ROLE_LABELS.get(role, role), "quote_version": a.get("quote_version"),
             "at": a.get("at"), "counts_for_current_quote": a.get("quote_version") == quote_version}
            for role, a in deal.approvals.items() if a.get("user_id") == member.user_id]


def _event(event: LoggedEvent, audience: str) -> dict[str, Any]:
    committed = Committed(deal_id=event.deal_id, seq=event.seq, type=event.type, actor=event.actor, at=event.at,
                          event=from_stored(event.type, event.payload))
    return committed.as_dict(audience)


def _invitation(found: Footprint, invite: Invite) -> dict[str, Any]:
    deal: Optional[Deal] = found.deals.get(invite.deal_id)
    return {"id": invite.id, "deal": {"id": invite.deal_id, "account_name": deal.account_name if deal else None},
            "email": invite.email, "name": invite.name, "role": invite.role, "valid_until": invite.valid_until,
            "used_at": invite.used_at}


def _order(order: Order) -> dict[str, Any]:
    payment = order.payment
    return {"id": order.id, "status": order.status, "currency": order.currency, "created_at": order.created_at,
            "lines": [{"sku": line.sku, "name": line.name, "quantity": line.quantity,
                       "unit_price": line.unit_price.as_dict(), "line_total": line.line_total.as_dict()}
                      for line in order.lines],
            "total": order.total.as_dict(),
            "payment": {"method": payment.method, "invoice_id": payment.invoice_id, "invoice_url": payment.invoice_url,
                        "invoice_due": payment.invoice_due, "amount_refunded": payment.amount_refunded}}


def _audit(entry: AuditEntry) -> dict[str, Any]:
    return {"at": entry.at, "by": "Quorum staff", "action": entry.action, "target_type": entry.target_type,
            "target_id": entry.target_id, "before": entry.before, "after": entry.after, "reason": entry.reason}
