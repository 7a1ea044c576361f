"""Deal insights off the request path, on DynamoDB Local and its real stream: a deal's changes recompute
its stored insights once per burst (debounced by the inputs they were computed from), a version approved by
every required role and a paid deal order each write their follow-up draft once (audited), and each stored
generation makes one `deal.scored` when the score moved."""
from __future__ import annotations

from commerce.services import orders, selectors
from commerce.services.audit import audit_list
from commerce.streams import change_of
from dealroom.domain.scoring_events import score_change
from dealroom.services import pay
from dealroom.services.ai_usage import StoredUsageLedger
from dealroom.services.drafts import drafts_list
from dealroom.services.insights import insights_get, insights_refresh
from tests.integration.insights_helpers import StreamTap, committee_deal
from tests.table import count


def test_a_burst_of_changes_read_from_the_stream_recomputes_once(table):
    tap = StreamTap(table)
    deal = committee_deal()  # 3 invitations, 3 joins, a quote line: 7 events in the log
    records = tap.handle()
    assert sum(1 for r in records if change_of(r).entity == "DealEvent") == 7
    stored = insights_get(deal_id=deal.deal_id)
    assert stored.revision == 1  # the first record saw the deal as it is now; the other 7 found it scored
    assert stored.inputs.deal_seq == 7 and stored.provenance.provider == "engine" and not stored.provenance.fell_back
    assert stored.stage == "negotiation" and 1 <= stored.score <= 95 and stored.open

    tap.handle()  # nothing new (and a redelivery of the same batch changes nothing either)
    assert streams_redelivered(records) and insights_get(deal_id=deal.deal_id).revision == 1

    deal.approve("technical_buyer")
    tap.handle()
    after = insights_get(deal_id=deal.deal_id)
    assert (after.revision, after.inputs.deal_seq) == (2, 8)
    assert after.score > stored.score  # an approval on the current version counts
    assert drafts_list(deal_id=deal.deal_id) == []  # not every role approved yet


def streams_redelivered(records: list[dict]) -> bool:
    from commerce import streams

    return streams.handle({"Records": records}) == {"batchItemFailures": []}


def test_every_approval_then_payment_each_draft_once_and_audited(table):
    tap = StreamTap(table)
    deal = committee_deal(name="Draft Co")
    deal.approve("economic_buyer", "technical_buyer", "legal")
    records = tap.handle()
    (approved,) = drafts_list(deal_id=deal.deal_id)
    assert (approved.trigger, approved.ref, approved.provider) == ("fully_approved", f"v{deal.version()}", "engine")
    assert "now has every approval it needs" in approved.body and approved.to_roles == ("economic_buyer",)
    streams_redelivered(records)  # at least once: the same records again write no second draft
    assert len(drafts_list(deal_id=deal.deal_id)) == 1

    _, _, order = pay.deal_order(deal_id=deal.deal_id, user_id=deal.users["economic_buyer"])
    tap.handle()
    assert len(drafts_list(deal_id=deal.deal_id)) == 1  # pending payment: no draft yet
    orders.order_mark_paid(order_id=order.id)
    records = tap.handle()
    paid = next(d for d in drafts_list(deal_id=deal.deal_id) if d.trigger == "paid")
    assert paid.ref == order.id and "payment received" in paid.subject and "$300.00" in paid.body
    stored = insights_get(deal_id=deal.deal_id)
    assert (stored.score, stored.band, stored.open) == (100, "high", False)
    assert stored.inputs.order_version == selectors.order_get(order_id=order.id).version
    streams_redelivered(records)
    assert len(drafts_list(deal_id=deal.deal_id)) == 2 and count("DealDraft") == 2

    generated = [e for e in audit_list(target_type="deal", target_id=deal.deal_id).items
                 if e.action == "insights.draft_generate"]
    assert sorted(e.after["draft"] for e in generated) == sorted(["fully_approved:" + approved.ref,
                                                                  "paid:" + order.id])
    assert {e.actor for e in generated} == {"quorum:insights"}


def test_deal_scored_follows_score_changes_of_the_stored_insights(table):
    deal = committee_deal(name="Scored Co")
    tap = StreamTap(table)
    tap.records()  # skip the set-up
    first = insights_refresh(deal_id=deal.deal_id, force=True)
    same = insights_refresh(deal_id=deal.deal_id, force=True)  # same inputs, same score: a new revision
    deal.approve("legal")
    moved = insights_refresh(deal_id=deal.deal_id)
    changes = [change_of(r) for r in tap.records() if change_of(r).entity == "DealInsights"]
    assert [c.new.revision for c in changes] == [first.revision, same.revision, moved.revision]
    events = [score_change(c.old, c.new) for c in changes]
    assert events[1] is None  # the score did not move
    scored = events[2]
    assert (scored.score, scored.previous_score, scored.revision) == (moved.score, first.score, moved.revision)
    assert scored.event_id == f"deal.scored:{deal.deal_id}:{moved.revision}"
    assert scored.as_payload("members") == {} and scored.as_payload("prices") == {}  # never a member's
    assert scored.factors and scored.top_action == moved.top_action.title


def test_the_usage_ledger_adds_atomically_per_deal_per_day_with_a_ttl(table):
    ledger = StoredUsageLedger()
    assert ledger.usage(deal_id="d1", day="2027-01-05").calls == 0
    ledger.add(deal_id="d1", day="2027-01-05", input_tokens=100, output_tokens=20, cost=50)
    total = ledger.add(deal_id="d1", day="2027-01-05", input_tokens=10, output_tokens=2, cost=5)
    assert (total.calls, total.input_tokens, total.output_tokens, total.cost) == (2, 110, 22, 55)
    assert ledger.usage(deal_id="d1", day="2027-01-05") == total
    assert ledger.usage(deal_id="d1", day="2027-01-06").calls == 0 and ledger.usage(deal_id="d2",
                                                                                      day="2027-01-05").calls == 0
    from commerce.persistence import base

    item = base.boto3_client().scan(TableName=table, FilterExpression="entity = :e",
                                    ExpressionAttributeValues={":e": {"S": "AiUsage"}})["Items"]
    assert len(item) == 1 and int(item[0]["expires_at"]["N"]) == 1799107200 + 35 * 86400  # 2027-01-05 + 35 days


def test_open_deals_whose_insights_grew_old_are_recomputed(table):
    from io import StringIO

    from django.core.management import call_command

    from dealroom.persistence import keys
    from tests.table import set_attributes

    deal = committee_deal(name="Quiet Co")
    first = insights_refresh(deal_id=deal.deal_id)
    out = StringIO()
    call_command("insights_refresh", "--stale-hours", "1", stdout=out)
    assert "0 open deal(s)" in out.getvalue() and insights_get(deal_id=deal.deal_id).revision == first.revision
    set_attributes(keys.deal_pk(deal.deal_id), keys.INSIGHTS_SK, computed_at=first.computed_at - 7200)
    call_command("insights_refresh", "--stale-hours", "1", stdout=out)
    assert "1 open deal(s)" in out.getvalue() and insights_get(deal_id=deal.deal_id).revision == first.revision + 1
    from dealroom.scheduled import STALE_AFTER, insights_refresh_stale  # what the hourly schedule invokes

    assert insights_refresh_stale({"command": "dealroom.scheduled.insights_refresh_stale"}) == {"recomputed": 0}
    set_attributes(keys.deal_pk(deal.deal_id), keys.INSIGHTS_SK, computed_at=first.computed_at - STALE_AFTER - 60)
    assert insights_refresh_stale({"command": "dealroom.scheduled.insights_refresh_stale"}) == {"recomputed": 1}
    assert insights_get(deal_id=deal.deal_id).revision == first.revision + 2
