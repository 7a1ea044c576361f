"""The privacy sweep: what TTL cannot express (docs/privacy.md). Run hourly (config/aws/cdk/schedules.py ->
dealroom.privacy.scheduled.privacy_sweep) and by `manage.py privacy_sweep`.

1. Erasures that stopped half-way (a crash, a timeout) are finished: their request still holds the email.
2. Retention after a deal closes: a committee member whose every deal closed (won or lost) more than
   PRIVACY_RETENTION_DAYS_AFTER_CLOSE days ago, with no payment or subscription still running, is erased as
   on request ("retention policy"). A TTL cannot say this: the clock starts when a deal closes, long after
   the member's items were written, and the erasure redacts history rather than deleting it.
3. The audit log keeps AUDIT_RETENTION_DAYS: older entries are deleted from the oldest on (entries carry
   no TTL, so a change of the period applies to every entry at once)."""
from __future__ import annotations

import logging
from typing import Optional

from django.conf import settings

from commerce import clock
from commerce.domain.orders import PENDING_PAYMENT
from commerce.errors import QuorumError
from dealroom.persistence.uow import DealUnitOfWork, unit_of_work
from dealroom.privacy.erase import person_erase
from dealroom.privacy.writes import commit_in_chunks

log = logging.getLogger(__name__)
CLOSED = ("closed_won", "closed_lost")
ENDED_SUBSCRIPTIONS = ("canceled", "incomplete_expired")
RETENTION_ACTOR = "retention policy"
AUDIT_BATCH = 500  # audit entries deleted per run at most (the next hour takes the rest)


def privacy_sweep(*, now: Optional[int] = None, limit: int = 25) -> dict[str, int]:
    """Finish stopped erasures, then erase up to `limit` people past retention. Returns what it did."""
    now = now or clock.now()
    done = {"resumed": 0, "retention_erased": 0, "failed": 0, "audit_deleted": 0}
    for request in list(unit_of_work().privacy.running()):
        if request.lease_until <= now and request.email:
            done["resumed" if _erase(request.email, request.requested_by) else "failed"] += 1
    cutoff = now - settings.PRIVACY_RETENTION_DAYS_AFTER_CLOSE * 86400
    for email in past_retention(cutoff=cutoff, limit=limit):
        done["retention_erased" if _erase(email, RETENTION_ACTOR) else "failed"] += 1
    done["audit_deleted"] = audit_expire(before_ms=(now - settings.AUDIT_RETENTION_DAYS * 86400) * 1000)
    return done


def audit_expire(*, before_ms: int, limit: int = AUDIT_BATCH) -> int:
    old = unit_of_work().audit.older_than(before_ms, limit=limit)
    return commit_in_chunks([lambda u, key=key: u.audit.remove(key) for key in old])


def _erase(email: str, actor: str) -> bool:
    try:
        person_erase(email=email, actor=actor)
        return True
    except QuorumError as exc:  # one person's failure (Stripe down, a staff account) never stops the others
        log.warning("privacy sweep could not erase a person (%s: %s)", exc.code, exc.detail)
        return False


def past_retention(*, cutoff: int, limit: int) -> list[str]:
    """Emails of members all of whose deals closed before `cutoff` with nothing left to collect."""
    u = unit_of_work()
    seen: set[str] = set()
    found: list[str] = []
    for deal in u.deals.closed_before(cutoff, CLOSED):
        for member in u.members.of_deal(deal.id):
            if member.user_id in seen:
                continue
            seen.add(member.user_id)
            if _all_closed(u, member.user_id, cutoff):
                found.append(member.email)
                if len(found) >= limit:
                    return found
    return found


def _all_closed(u: DealUnitOfWork, user_id: str, cutoff: int) -> bool:
    for deal_id in u.members.deals_of(user_id):
        deal = u.deals.get(deal_id)
        if deal is None:
            continue
        if deal.stage not in CLOSED or deal.stage_changed_at >= cutoff:
            return False
        order = u.orders.get(deal.order_id) if deal.order_id else None
        if order is not None and order.status == PENDING_PAYMENT:
            return False  # an invoice still to be paid
        subscription = u.billing.subscription(order.payment.subscription_id) if (
            order is not None and order.payment.subscription_id) else None
        if subscription is not None and subscription.status not in ENDED_SUBSCRIPTIONS:
            return False  # deleting the Stripe customer would cancel a running subscription
    return True
