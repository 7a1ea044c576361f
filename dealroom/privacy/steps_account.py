"""Erasure steps outside the deal room: end the person's sessions, redact audit entries that name them,
delete their Stripe customer (through the API) and scrub the Stripe events of their orders, drop their
sign-in throttle counters, and delete the user with its email claim. Each is idempotent."""
from __future__ import annotations

import json
from dataclasses import replace
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError

from commerce.domain.erasure import ErasureRequest
from commerce.domain.privacy import Person
from commerce.domain.stripe_scrub import scrub_object
from commerce.ops.access import SESSION_STAFF
from commerce.payments import stripe_privacy
from commerce.persistence.uow import unit_of_work as commerce_uow
from dealroom.auth import SESSION_MEMBERSHIPS
from dealroom.persistence.uow import unit_of_work
from dealroom.privacy.writes import commit_in_chunks

THROTTLE_SCOPE = "account"  # failed staff sign-ins are counted per email (commerce.services.staff)


def end_sessions(request: ErasureRequest) -> int:
    """Every session linked to their user ids loses their memberships; a session left signing no one in is
    deleted (the old cookie then opens nothing). Sessions other people also use keep those people's."""
    person = request.person()
    engine = import_module(settings.SESSION_ENGINE)
    ended = 0
    for user_id in sorted(person.user_ids):
        for key in commerce_uow().session_links.of_user(user_id):
            ended += _end(engine.SessionStore(session_key=key), key, person)
            commit_in_chunks([lambda u, k=key, uid=user_id: u.session_links.remove(user_id=uid, session_key=k)])
    return ended


def _end(session, key: str, person: Person) -> int:
    data = dict(session.items())
    if not data:
        return 0  # gone already (expired, signed out, or an earlier run)
    kept = {deal: uid for deal, uid in (data.get(SESSION_MEMBERSHIPS) or {}).items() if uid not in person.user_ids}
    if not kept and not data.get(SESSION_STAFF):
        session.delete(key)
        return 1
    session[SESSION_MEMBERSHIPS] = kept
    try:
        session.save()
    except UpdateError:  # it expired or was signed out meanwhile
        pass
    return 1


def redact_audit(request: ErasureRequest) -> int:
    person = request.person()
    rewrites = [(key, replace(entry, before=person.scrub(entry.before), after=person.scrub(entry.after),
                              reason=person.scrub(entry.reason)))
                for deal_id in request.ids("deal_ids") for key, entry in commerce_uow().audit.about(("deal", deal_id))
                if person.mentioned_in([entry.before, entry.after, entry.reason])]
    return commit_in_chunks([lambda u, k=key, e=entry: u.audit.rewrite(k, e) for key, entry in rewrites])


def close_billing(request: ErasureRequest) -> int:
    """Their Stripe customers deleted at Stripe (DELETE /v1/customers/{id}) and forgotten here; the orders
    stay (bookkeeping), with any contact details left in their Stripe events' payloads scrubbed."""
    person = request.person()
    done = 0
    for entry in request.ids("billing"):
        account_id, customer_id = entry.split(":", 1)
        stripe_privacy.customer_delete(customer_id=customer_id)
        commit_in_chunks([lambda u, a=account_id: u.billing.remove_customer(a)])
        done += 1
    events = commerce_uow().stripe_events
    for order_id in request.ids("order_ids"):
        for event_id in events.for_order(order_id):
            stored = events.get(event_id)
            if stored is None:
                continue
            try:
                before = json.loads(stored.payload)
            except ValueError:
                continue
            after = person.scrub(scrub_object(before))
            if after != before:
                commit_in_chunks([lambda u, s=stored, t=json.dumps(after, indent=2): u.stripe_events.rewrite_payload(
                    s, t)])
                done += 1
    return done


def drop_throttles(request: ErasureRequest) -> int:
    email = request.person().email
    windows = commerce_uow().throttles.windows(scope=THROTTLE_SCOPE, key=email)
    return commit_in_chunks([lambda u, w=window: u.throttles.remove(scope=THROTTLE_SCOPE, key=email, window_start=w)
                             for window in windows])


def delete_user(request: ErasureRequest) -> int:
    users = [user for user_id in request.ids("user_ids") if (user := unit_of_work().users.get(user_id)) is not None]
    return commit_in_chunks([lambda u, user=user: u.users.remove(user) for user in users])
