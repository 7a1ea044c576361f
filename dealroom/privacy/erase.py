"""Erasing a person: a request item (PRIVACY#<digest> / ERASURE) records each step as it is done, so a run
that stops half-way (a crash, a timeout) is finished by the next one: `manage.py privacy_erase EMAIL` again,
the admin's button again, or the hourly privacy sweep (the running request holds the email until it is done).

Steps, in order, each idempotent (docs/privacy.md says what each keeps and why):
 1. locate        what there is (footprint.py), recorded on the request: later steps work from these ids
 2. memberships   each membership deleted in its deal's transaction with a `member.removed` event; their
                  approvals stay, unnamed; access ends here (every deal URL and socket checks the member item)
 3. sessions      their sessions lose their memberships (deleted when nothing else is left in them)
 4. invitations   every invitation to the email deleted: old links answer "not valid"
 5. events        the committee's log redacted: what they did stays, as "Former member"
 6. audit         audit entries that name them redacted (who did what and when stays)
 7. billing       their Stripe customer deleted through the API; its record forgotten; Stripe events of
                  their orders scrubbed (the orders stay: bookkeeping)
 8. throttles     sign-in counters kept under their email
 9. user          the user and the email's claim
then the request is marked done in the same write that drops its email (the stream derives "Person Erased"
from it: commerce.privacy_notices) and the erasure is audited."""
from __future__ import annotations

from collections.abc import Callable
from typing import Optional

from commerce import clock
from commerce.domain.erasure import RUNNING, ErasureRequest
from commerce.domain.users import STAFF, normalize_email
from commerce.errors import Conflict, NotAllowed
from commerce.persistence.uow import apply
from commerce.services.audit import audit_add
from dealroom.persistence.uow import unit_of_work
from dealroom.privacy import steps_account, steps_room
from dealroom.privacy.footprint import footprint_of
from dealroom.privacy.identity import request_id

LEASE_SECONDS = 120  # a run holds the request this long; a run that died is taken over after it


class ErasureBusy(Conflict):
    """Another run is erasing this person right now."""

    code = "erasure_in_progress"


def _locate(request: ErasureRequest) -> int:
    found = footprint_of(email=request.person().email)
    apply(lambda u: u.privacy.step_done(request.id, step="locate", count=found.size(), now=clock.now(),
                                        found=found.found()))
    return found.size()


Step = Callable[[ErasureRequest], int]
STEPS: tuple[tuple[str, Step], ...] = (
    ("locate", _locate),
    ("memberships", steps_room.leave_deals),
    ("sessions", steps_account.end_sessions),
    ("invitations", steps_room.delete_invitations),
    ("events", steps_room.redact_logs),
    ("intelligence", steps_room.forget_in_intelligence),
    ("audit", steps_account.redact_audit),
    ("billing", steps_account.close_billing),
    ("throttles", steps_account.drop_throttles),
    ("user", steps_account.delete_user),
)
STEP_NAMES = tuple(name for name, _ in STEPS)


def person_erase(*, email: str, actor: str) -> ErasureRequest:
    """Erase everything Quorum holds about `email`, or finish an erasure that stopped; returns the request as
    done. Refused for staff accounts (their access is removed first, by other means)."""
    email = normalize_email(email)
    user = unit_of_work().users.by_email(email)
    if user is not None and user.kind == STAFF:
        raise NotAllowed("this email belongs to a staff account: remove its staff access before erasing it")
    request = _claim(_started(email, actor))
    try:
        for name, step in STEPS:
            if name in request.steps:
                continue
            count = step(request)
            if name != "locate":
                apply(lambda u, r=request.id, n=name, c=count: u.privacy.step_done(r, step=n, count=c, now=clock.now()))
            request = _reload(request.id)
        apply(lambda u, done=request, now=clock.now(): _finish(u, done, now))
    except BaseException:
        _release(request.id)  # a failed run lets the next one continue at once
        raise
    return _reload(request.id)


def _finish(u, request: ErasureRequest, now: int) -> None:
    """Done, and audited in the same write (the stream derives Person Erased from it)."""
    u.privacy.finish(request, now=now)
    audit_add(u, actor=request.requested_by, action="privacy.erased", target_type="person", target_id=request.id,
              after={"run": request.runs, "counts": request.counts})


def _reload(rid: str) -> ErasureRequest:
    request = unit_of_work().privacy.get(rid)
    assert request is not None
    return request


def _started(email: str, actor: str) -> ErasureRequest:
    """The running request for this email: the unfinished one, or a new run (audited with it)."""
    rid = request_id(email)
    previous = unit_of_work().privacy.get(rid)
    if previous is not None and previous.running:
        return previous
    request = ErasureRequest(id=rid, status=RUNNING, requested_by=actor, requested_at=clock.now(), email=email,
                             runs=(previous.runs + 1) if previous else 1)

    def start(u) -> None:
        u.privacy.start(request, previous=previous)
        audit_add(u, actor=actor, action="privacy.erase", target_type="person", target_id=rid,
                  after={"run": request.runs})

    apply(start, refused=lambda exc: bool(exc.failed("privacy_request")))  # refused: another run just started
    return _reload(rid)


def _claim(request: ErasureRequest) -> ErasureRequest:
    now = clock.now()
    if not apply(lambda u: u.privacy.lease(request.id, now=now, until=now + LEASE_SECONDS),
                 refused=lambda exc: bool(exc.failed("privacy_request"))):
        raise ErasureBusy("this person is being erased by another run right now; it continues on its own "
                          f"(or try again after {LEASE_SECONDS} seconds)")
    return _reload(request.id)


def _release(rid: str) -> None:
    try:
        apply(lambda u: u.privacy.release(rid), refused=lambda exc: True)
    except Exception:  # unreachable table: the lease then lapses by itself
        pass


def erasure_get(*, request_id: str) -> Optional[ErasureRequest]:
    return unit_of_work().privacy.get(request_id)


def erasures_recent(*, limit: int = 20) -> list[ErasureRequest]:
    return unit_of_work().privacy.newest(limit=limit)
