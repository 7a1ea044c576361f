"""The health score and stalled roles: pure domain, no AWS."""
from dealroom.domain.deals import MEDDPICC, Deal, Member
from dealroom.domain.health import DAY, deal_health, stalled_roles

NOW = 1_800_000_000


def deal(created_days_ago: float, **kw) -> Deal:
    created = int(NOW - created_days_ago * DAY)
    return Deal(id="d", account_name="Acme", stage="proposal", currency="usd", expected_value=0, owner="s@q.test",
                cart_id="c", version=1, created_at=created, last_activity_at=kw.pop("last_activity_at", created),
                required_roles=("economic_buyer", "legal"), **kw)


def member(role: str, seen_days_ago: float) -> Member:
    at = int(NOW - seen_days_ago * DAY)
    return Member(deal_id="d", user_id=role, email=f"{role}@acme.test", name=role, role=role, joined_at=at,
                  last_seen_at=at)


def test_a_new_deal_has_no_stalled_role_yet():
    assert stalled_roles(deal(0.01), [], NOW, days=5) == []


def test_unfilled_or_silent_roles_stall_once_the_deal_is_old_enough():
    old = deal(12)
    assert stalled_roles(old, [member("economic_buyer", 1)], NOW, days=5) == ["legal"]  # nobody for 12 days
    assert stalled_roles(old, [member("economic_buyer", 6), member("legal", 2)], NOW, days=5) == ["economic_buyer"]


def test_score_adds_up_its_reasons():
    full = deal(1, meddpicc={f: "x" for f in MEDDPICC},
                approvals={"economic_buyer": {"quote_version": 3}, "legal": {"quote_version": 3}})
    health = deal_health(full, [member("economic_buyer", 0), member("legal", 0)], 3, NOW)
    assert health.score == 100 and len(health.reasons) == 4
    empty = deal(20, last_activity_at=int(NOW - 20 * DAY))
    poor = deal_health(empty, [], 1, NOW)
    assert poor.score == 0
    assert any("missing" in r for r in poor.reasons) and any(r.startswith("stalled:") for r in poor.reasons)
