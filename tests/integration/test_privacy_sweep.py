"""The hourly privacy sweep on DynamoDB Local (through the function the schedule runs): it finishes an
erasure that stopped, erases a committee member whose every deal closed longer ago than the retention
period (but not one who is still in an open deal), and deletes audit entries past theirs."""
from __future__ import annotations

import pytest

from commerce import clock
from dealroom.persistence import keys
from dealroom.privacy import erase
from dealroom.privacy.identity import request_id
from dealroom.privacy.scheduled import privacy_sweep
from dealroom.services.deals import deal_create
from dealroom.services.invites import invite_accept, member_get
from tests.table import set_attributes

DAY = 86400


def joined(created, email: str) -> str:
    return invite_accept(token=created.invites[email].rstrip("/").rsplit("/", 1)[1]).user.id


def test_the_sweep_finishes_stopped_erasures_and_erases_people_past_retention(table, settings, monkeypatch):
    settings.PRIVACY_RETENTION_DAYS_AFTER_CLOSE = 730
    old = deal_create(account_name="Old Co", owner="s@q.test", base_url="http://testserver",
                      members=(("gone@old.test", "legal", "Gone"), ("both@old.test", "champion", "Both")))
    live = deal_create(account_name="Live Co", owner="s@q.test", base_url="http://testserver",
                       members=(("both@old.test", "legal", "Both"),))
    crashed = deal_create(account_name="Crash Co", owner="s@q.test", base_url="http://testserver",
                          members=(("half@crash.test", "legal", "Half"),))
    gone, both = joined(old, "gone@old.test"), joined(old, "both@old.test")
    joined(live, "both@old.test")
    joined(crashed, "half@crash.test")
    closed_at = clock.now() - 800 * DAY  # Old Co closed (lost) long ago
    set_attributes(keys.deal_pk(old.deal.id), keys.DEAL_SK, stage="closed_lost", stage_changed_at=closed_at)

    steps = dict(erase.STEPS)
    monkeypatch.setattr(erase, "STEPS", tuple((n, (lambda r: 1 / 0) if n == "events" else f) for n, f in steps.items()))
    with pytest.raises(ZeroDivisionError):
        erase.person_erase(email="half@crash.test", actor="dpo@quorum.test")
    monkeypatch.setattr(erase, "STEPS", tuple(steps.items()))

    from commerce.services.audit import audit_list, audit_record

    with monkeypatch.context() as past:
        past.setattr("commerce.clock.now_ms", lambda: (clock.now() - 7 * 365 * DAY) * 1000)
        audit_record(actor="s@q.test", action="deal.update", target_type="deal", target_id=old.deal.id)
    audit_record(actor="s@q.test", action="deal.update", target_type="deal", target_id=old.deal.id, reason="recent")

    assert privacy_sweep({"command": "dealroom.privacy.scheduled.privacy_sweep"}) == {
        "resumed": 1, "retention_erased": 1, "failed": 0, "audit_deleted": 1}
    assert "recent" in [e.reason for e in audit_list(limit=100).items]  # only the 7-year-old entry went
    finished = erase.erasure_get(request_id=request_id("half@crash.test"))
    assert not finished.running and finished.requested_by == "dpo@quorum.test"
    by_policy = erase.erasure_get(request_id=request_id("gone@old.test"))
    assert not by_policy.running and by_policy.requested_by == "retention policy"
    assert member_get(deal_id=old.deal.id, user_id=gone) is None
    assert member_get(deal_id=old.deal.id, user_id=both) is not None  # still in Live Co, which is open
    assert erase.erasure_get(request_id=request_id("both@old.test")) is None
    assert privacy_sweep({}) == {"resumed": 0, "retention_erased": 0, "failed": 0, "audit_deleted": 0}
