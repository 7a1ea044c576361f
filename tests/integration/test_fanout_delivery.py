"""Delivery guarantees of the CRM fan-out on the real moto server: an EventBridge outage delays events and
loses none (the stream batch is reported and redelivered); a message the consumer cannot handle ends in the
vendor's DLQ after maxReceiveCount receives and staff redrive it from the admin; staff republish a deal."""
import io
import json
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command

from commerce.fanout import clients, queues
from commerce.persistence import retry
from commerce.services.audit import audit_list
from dealroom.services.deals import deal_create
from dealroom.services.invites import invite_accept
from devstack.services import MotoServer
from tests.integration.fanout_helpers import Stream, drain, new_stage, validate
from tests.integration.ops_helpers import signed_in

ROLES = (("a@o.test", "economic_buyer", "Ann"), ("b@o.test", "legal", "Bo"))


@pytest.fixture
def own_moto(services, tmp_path, settings):
    """A moto server of this test's own (the session's keeps serving the others), stopped at the end."""
    from devstack.process import free_port

    server = MotoServer(port=free_port())
    proc = server.process(tmp_path).start()
    settings.EVENTS_ENDPOINT_URL = settings.SQS_ENDPOINT_URL = settings.CLOUDWATCH_ENDPOINT_URL = server.url
    yield server, proc, tmp_path
    proc.stop()


def deal_log(envelopes: list[dict]) -> list[dict]:
    """The deal's own events among what a queue got (the deal's score, recomputed from them, also goes out)."""
    return [e for e in envelopes if e["subject"]["kind"] == "deal"]


def test_an_outage_delays_events_and_loses_none(table, own_moto, monkeypatch):
    server, proc, log_dir = own_moto
    monkeypatch.setattr(retry, "BACKGROUND", 0.5)  # a stream batch's budget: keep the outage test short
    stage = new_stage()
    stream = Stream.follow(table)
    created = deal_create(account_name="Outage Co", owner="s@q.test", base_url="http://testserver", members=ROLES)
    assert stream.pump()
    before = deal_log(drain("generic"))
    assert [e["type"] for e in before] == ["member.invited", "member.invited"]

    proc.stop()  # EventBridge is down while the committee keeps working
    for email, _, _ in ROLES:
        invite_accept(token=created.invites[email].rstrip("/").rsplit("/", 1)[1])
    assert not stream.pump()  # reported, not dropped
    assert not stream.pump()  # and again: it only waits

    proc = server.process(log_dir).start()  # back, empty as moto starts: the stage's resources again
    from commerce.fanout.provision import integrations_provision

    integrations_provision(stage=stage, visibility_seconds=1)
    assert stream.pump()
    after = deal_log(drain("generic") + drain("generic"))
    salesforce = drain("salesforce")
    try:
        ids = Counter(e["id"] for e in after)
        deal = created.deal.id
        assert set(ids) == {f"deal:{deal}:3", f"deal:{deal}:4"}  # every event arrived
        assert all(n == 1 for n in ids.values())  # none twice (a consumer would also drop repeats by id)
        assert [e["id"] for e in salesforce] == [f"deal:{deal}:3", f"deal:{deal}:4"]  # in order
        for envelope in after:
            validate(envelope)
    finally:
        proc.stop()


def test_a_poisoned_message_ends_in_the_dlq_and_staff_redrive_it(table, services):
    new_stage(visibility_seconds=0)
    salesforce = queues.vendor_named("salesforce")
    clients.sqs().send_message(QueueUrl=queues.url(salesforce), MessageBody="{not an envelope",
                               MessageGroupId="salesforce", MessageDeduplicationId="poison-1")
    receives, out = 0, io.StringIO()
    while not queues.vendor_figures(salesforce).dead and receives < 20:  # the consumer fails on it each time
        call_command("crm_drain", vendor="salesforce", once=True, wait=0, max=1, visibility=0, stdout=out, stderr=out)
        receives += 1
    assert '"error"' in out.getvalue()
    figures = queues.vendor_figures(salesforce)
    assert (figures.dead, figures.visible) == (1, 0)
    assert receives == salesforce.max_receive_count + 1  # moved on the receive after the fifth
    assert figures.dead_oldest_age_seconds is not None

    client = signed_in("admin@o.test", "admin")
    response = client.post("/admin/integrations/salesforce/redrive/")
    assert response.status_code == 302
    after = queues.vendor_figures(salesforce)
    assert (after.dead, after.visible) == (0, 1)
    (entry,) = audit_list(target_type="queue", target_id="salesforce").items
    assert (entry.actor, entry.action, entry.after) == ("admin@o.test", "integrations.redrive", {"moved": 1})
    assert client.get("/admin/integrations/").status_code == 200
    signed_in("sales@o.test", "sales", client=(sales := type(client)()))
    assert sales.post("/admin/integrations/salesforce/redrive/").status_code == 403


def test_staff_republish_a_deal_from_a_seq(table, services):
    new_stage()
    stream = Stream.follow(table)
    created = deal_create(account_name="Again Co", owner="s@q.test", base_url="http://testserver", members=ROLES)
    assert stream.pump()
    first = drain("salesforce")
    client = signed_in("admin@r.test", "admin")
    response = client.post("/admin/integrations/republish/", {"deal_id": created.deal.id, "from_seq": "2"})
    assert response.status_code == 302
    again = drain("salesforce")
    assert [e["id"] for e in again] == [first[1]["id"]]  # same id: the consumer knows it already
    assert again[0]["payload"] == first[1]["payload"] and "republished_at" in again[0]
    assert json.loads(json.dumps(again[0]))["subject"]["position"] == 2
    (entry,) = audit_list(target_type="deal", target_id=created.deal.id, actor="admin@r.test").items
    assert entry.action == "integrations.republish" and entry.after["events"] == 1
    assert settings.INTEGRATIONS_STAGE in client.get("/admin/integrations/").content.decode()


def test_the_commands_list_the_queues_and_the_reference_consumer_maps_salesforce_upserts(table, services):
    stage = new_stage()
    stream = Stream.follow(table)
    created = deal_create(account_name="Drain Co", owner="s@q.test", base_url="http://testserver", members=ROLES)
    invite_accept(token=created.invites["a@o.test"].rstrip("/").rsplit("/", 1)[1])
    assert stream.pump()
    out = io.StringIO()
    call_command("crm_queues", json=True, stdout=out)
    listed = json.loads(out.getvalue())
    assert listed["bus"] == f"quorum-{stage}"
    by_vendor = {q["vendor"]: q for q in listed["queues"]}
    assert by_vendor["salesforce"]["url"].endswith(f"quorum-{stage}-salesforce.fifo")
    assert by_vendor["salesforce"]["visible"] == 3 and by_vendor["clari"]["visible"] >= 1
    assert {e["type"] for e in drain("clari")} == {"deal.scored"}  # the forecast gets the score, not the committee

    out = io.StringIO()
    call_command("crm_drain", vendor="salesforce", once=True, wait=0, stdout=out)
    upserts = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [u["id"] for u in upserts] == [f"deal:{created.deal.id}:{n}" for n in (1, 2, 3)]
    roles = [u["upsert"] for u in upserts]
    assert {r["object"] for r in roles} == {"OpportunityContactRole"}
    assert roles[0]["fields"]["Contact.Email"] == "a@o.test"
    assert queues.vendor_figures(queues.vendor_named("salesforce")).visible == 0  # deleted once handled


def test_entries_eventbridge_refuses_are_sent_again_then_reported_as_their_records_failure(table, monkeypatch):
    from commerce.fanout import bus

    new_stage()
    monkeypatch.setattr(retry, "BACKGROUND", 0.3)
    stream = Stream.follow(table)
    created = deal_create(account_name="Refused Co", owner="s@q.test", base_url="http://testserver", members=ROLES)
    refused = {f"deal:{created.deal.id}:2"}
    real_entry = bus.entry

    def entry(outgoing, among):  # EventBridge answers MalformedDetail for this one entry of the batch
        made = real_entry(outgoing, among)
        return {**made, "Detail": "{not json"} if outgoing.id in refused else made

    monkeypatch.setattr(bus, "entry", entry)
    before = clients.calls().get("eventbridge.PutEvents", 0)
    assert not stream.pump()  # seq 2 still refused once the budget is spent: its record is the batch's failure
    assert clients.calls()["eventbridge.PutEvents"] - before >= 3  # the refused entry was sent again
    assert [e["id"] for e in deal_log(drain("generic"))] == [f"deal:{created.deal.id}:1"]  # its neighbour went
    refused.clear()  # EventBridge takes it now: the stream redelivers from seq 2, seq 1 is not sent again
    assert stream.pump()
    assert [e["id"] for e in deal_log(drain("generic"))] == [f"deal:{created.deal.id}:2"]
