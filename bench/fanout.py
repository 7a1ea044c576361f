"""The CRM fan-out end to end on the local stacks: a deal change committed -> DynamoDB Local's stream ->
commerce.streams.handle (the devstack poller, as Lambda's trigger would) -> PutEvents on moto's bus ->
the vendor's queue -> a consumer's long poll. Events alternate a quote change (Salesforce, Gong, generic)
and a deal value change (Salesforce, Clari, generic); latency is measured at the Salesforce FIFO queue.

    .venv/bin/python bench/fanout.py [--events 500] [--gap-ms 250]

Prints JSON: commit -> message received in the Salesforce queue (p50/p99), EventBridge and SQS calls per
event (publisher, deliveries, consumer), stream handler time per event, and the modeled AWS cost per 1M
events at the us-east-1 list prices below (first-1M free tiers ignored)."""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import emit, local_stack, percentiles  # noqa: E402
from devstack.process import free_port  # noqa: E402
from devstack.services import MotoServer  # noqa: E402

# us-east-1 list prices (USD), checked 2026-11
EVENTBRIDGE_PER_EVENT = 1.00 / 1_000_000  # custom events put on a bus, per 64 KB chunk; target delivery is free
SQS_STANDARD_PER_REQUEST = 0.40 / 1_000_000  # per 64 KB chunk of a request
SQS_FIFO_PER_REQUEST = 0.50 / 1_000_000
DYNAMODB_PER_WRU = 0.625 / 1_000_000
LAMBDA_PER_GB_SECOND = 0.0000166667
LAMBDA_MEMORY_GB = 1.0  # zappa_settings.json memory_size 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--gap-ms", type=float, default=250,
                        help="pause between commits (a rate the local stream handler keeps up with)")
    args = parser.parse_args()
    moto = MotoServer(port=free_port())
    moto_proc = moto.process(Path(tempfile.mkdtemp(prefix="quorum-bench-moto-"))).start()
    os.environ.update(EVENTS_ENDPOINT_URL=moto.url, SQS_ENDPOINT_URL=moto.url, CLOUDWATCH_ENDPOINT_URL=moto.url,
                      INTEGRATIONS_STAGE="bench")
    try:
        with local_stack(with_site=False, with_appsync=True) as stack:
            emit(run(stack["table"], args.events, args.gap_ms / 1000))
    finally:
        moto_proc.stop()


def run(table: str, count: int, gap: float) -> dict:
    from commerce import streams
    from commerce.fanout import bus, clients, queues
    from commerce.fanout.provision import integrations_provision
    from dealroom.services.deal_admin import deal_update
    from dealroom.services.deals import deal_create
    from dealroom.services.invites import invite_accept
    from dealroom.services.log import deal_read
    from dealroom.services.quote import quote_line_set
    from devstack.stream_poller import StreamPoller
    from tests import factories

    integrations_provision(visibility_seconds=30)
    factories.product("BENCH-1", price=1000, stock=10_000)
    created = deal_create(account_name="Bench Co", owner="bench@q.test", base_url="http://bench",
                          members=(("eb@bench.test", "economic_buyer", "Eve"),))
    deal_id = created.deal.id
    eb = invite_accept(token=created.invites["eb@bench.test"].rstrip("/").rsplit("/", 1)[1]).user.id
    first_seq = deal_read(deal_id).last_event_seq + 1

    handled = {"seconds": 0.0, "batches": 0}
    real_handle = streams.handle

    def timed_handle(event, context=None):
        began = time.perf_counter()
        try:
            return real_handle(event, context)
        finally:
            handled["seconds"] += time.perf_counter() - began
            handled["batches"] += 1

    streams.handle = timed_handle
    from commerce.fanout import bus as fanout_bus
    from realtime import publisher

    spent = Counter()

    def timing(module, name: str):
        real = getattr(module, name)

        def timed(*a, **kw):
            began = time.perf_counter()
            try:
                return real(*a, **kw)
            finally:
                spent[name] += time.perf_counter() - began
        setattr(module, name, timed)
        return module, name, real

    patched = [timing(publisher, "publish"), timing(fanout_bus, "put"), timing(fanout_bus, "_record")]
    poller = StreamPoller(table=table)
    poller_thread = threading.Thread(target=poller.run, daemon=True)
    poller_thread.start()
    poller.ready.wait(10)

    committed: dict[str, float] = {}
    received: dict[str, float] = {}
    consumer_calls = Counter()
    done = threading.Event()
    salesforce = queues.vendor_named("salesforce")

    def consume() -> None:
        while not done.is_set() or len(received) < count:
            messages = queues.receive(salesforce, wait_seconds=1, limit=10)
            consumer_calls["ReceiveMessage"] += 1
            now = time.perf_counter()
            for message in messages:
                received.setdefault(json.loads(message["Body"])["id"], now)
                queues.delete(salesforce, message["ReceiptHandle"])
                consumer_calls["DeleteMessage"] += 1
            if done.is_set() and not messages:
                return

    consumer_thread = threading.Thread(target=consume, daemon=True)
    consumer_thread.start()
    before = clients.calls()
    version = deal_read(deal_id).version
    for n in range(count):
        seq = first_seq + n
        if n % 2 == 0:
            quote_line_set(deal_id=deal_id, user_id=eb, sku="BENCH-1", quantity=n + 1)
        else:
            version = deal_update(deal_id=deal_id, expected_version=version, actor="bench@q.test",
                                  changes={"expected_value": 100_000 + n}).version
        committed[f"deal:{deal_id}:{seq}"] = time.perf_counter()
        time.sleep(gap)
    deadline = time.monotonic() + 60
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    done.set()
    consumer_thread.join(timeout=5)
    poller.stop()
    poller_thread.join(timeout=5)
    streams.handle = real_handle
    for module, name, real in patched:
        setattr(module, name, real)
    calls = {k: v - before.get(k, 0) for k, v in clients.calls().items()}

    latencies = [(received[i] - t) * 1000 for i, t in committed.items() if i in received]
    put_events = calls.get("eventbridge.PutEvents", 0)
    vendors = bus.configured_vendors()  # the others' queues are not consumed: what is there was delivered
    deliveries = {v.name: len(received) if v is salesforce else queues.vendor_figures(v).visible for v in vendors}
    recipients_per_event = sum(deliveries.values()) / count
    fifo = {v.name for v in vendors if v.fifo}
    consumer_per_message = (consumer_calls["ReceiveMessage"] + consumer_calls["DeleteMessage"]) / max(1, len(received))
    sqs_cost = sum(n / count * (1 + consumer_per_message) * (SQS_FIFO_PER_REQUEST if name in fifo
                                                               else SQS_STANDARD_PER_REQUEST)
                   for name, n in deliveries.items())
    from commerce.persistence.uow import unit_of_work

    records = unit_of_work().published.newest(stage="bench", limit=count * 2)
    handler_ms = handled["seconds"] * 1000 / count
    per_million = {
        "eventbridge_put_events": round(EVENTBRIDGE_PER_EVENT * 1_000_000, 2),
        "sqs_deliveries_and_consumers": round(sqs_cost * 1_000_000, 2),
        "dynamodb_published_log": round(put_events / count * 2 * DYNAMODB_PER_WRU * 1_000_000, 2),
        "lambda_stream_handler": round(handler_ms / 1000 * LAMBDA_MEMORY_GB * LAMBDA_PER_GB_SECOND * 1_000_000, 2),
    }
    per_million["total"] = round(sum(per_million.values()), 2)
    return {
        "events": count, "delivered_to_salesforce": len(received), "commit_gap_ms": gap * 1000,
        "commit_to_salesforce_queue": percentiles(latencies),
        "calls_per_event": {
            "eventbridge_put_events": round(put_events / count, 3),
            "entries_per_put_events": round(count / max(1, put_events), 2),
            "sqs_deliveries_by_eventbridge": round(recipients_per_event, 3),
            "sqs_consumer_per_message": round(consumer_per_message, 3),
        },
        "deliveries_by_vendor": deliveries,
        "api_calls": calls,
        "stream_batches": handled["batches"], "stream_handler_ms_per_event": round(handler_ms, 3),
        "stream_handler_ms_per_event_by_part": {
            "appsync_publish (realtime, not the fan-out)": round(spent["publish"] * 1000 / count, 3),
            "put_events_with_retries": round((spent["put"] - spent["_record"]) * 1000 / count, 3),
            "published_log_write": round(spent["_record"] * 1000 / count, 3)},
        "published_log_events": len(records),
        "modeled_usd_per_1m_events": per_million,
        "prices": "us-east-1 list: EventBridge $1.00/M events, SQS $0.40/M standard and $0.50/M FIFO requests, "
                  "DynamoDB $0.625/M WRU (2 WRU per published-log item), Lambda $0.0000166667/GB-s at 1 GB",
        "notes": "local stacks on one machine (moto, DynamoDB Local, the AppSync simulator: the stream handler also "
                 "publishes each deal event to AppSync); the devstack poller reads the stream every 0.1 s",
    }


if __name__ == "__main__":
    main()
