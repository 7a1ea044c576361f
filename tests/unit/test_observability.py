"""The observability parts that need no service: redaction, sampling rules, EMF output, the JSON formatter,
putting a trace back together from streamed documents, the receiver's protocol, and tracing staying out of
a process (and its cold start) while it is off."""
from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from commerce.ops import trace_store
from config.observability import context, logs, metrics, redaction, sampling
from devstack.xray_receiver import parse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text, secret", [
    ("stripe key sk_test_51Habc123 used", "sk_test_51Habc123"),
    ("secret whsec_abc123XYZ", "whsec_abc123XYZ"),
    ('{"password": "hunter2 hunter2", "user": "x"}', "hunter2"),
    ('{"Stripe-Signature": "t=1,v1=abcdef"}', "v1=abcdef"),
    ("GET /deals/join/eyJpIjoiYWJjIn0:1vQ:abcdefghijklmnopqrstuvwx/ 404", "eyJpIjoiYWJjIn0"),
    ("Authorization: Bearer abc.def.ghi", "abc.def.ghi"),
    ("card 4000 0566 5566 5556 declined", "4000 0566 5566 5556"),
    ("card 4242424242424242", "4242424242424242"),
    ("buyer jane.doe@northwind.example", "jane.doe@"),
    ("client secret pi_3Abc_secret_Xyz", "pi_3Abc_secret_Xyz"),
    ("csrfmiddlewaretoken=abcdef123456&x=1", "abcdef123456"),
    ("AppSync key da2-abcdefghijklmnopqrstuvwxyz", "da2-abcdefghijklmnopqrstuvwxyz"),
    ("AWS AKIAABCDEFGHIJKLMNOP", "AKIAABCDEFGHIJKLMNOP"),
    ("Signature:\n" + "a1" * 32, "a1" * 32),
])
def test_scrub_removes_secrets_tokens_cards_and_emails(text, secret):
    assert secret not in redaction.scrub(text)


def test_scrub_keeps_what_helps_debugging():
    kept = "order 1764567890123 at 2026-12-01T10:00:00Z seq 000000000000000000001 sku SEAT-1 qty 12 evt_1AbC"
    assert redaction.scrub(kept) == kept  # ids, timestamps and numbers that are not cards stay
    assert redaction.scrub("4242 4242 4242 4242") == "[card ****4242]"
    assert redaction.scrub("erin@acme.test") == "e***@acme.test"


def test_sampling_rules_from_the_default_file_inline_json_or_a_path(tmp_path):
    assert sampling.rules("")["default"] == {"fixed_target": 1, "rate": 1.0}
    assert sampling.rules('{"version": 2, "default": {"fixed_target": 0, "rate": 0}}')["default"]["rate"] == 0
    path = tmp_path / "rules.json"
    path.write_text('{"version": 2, "rules": [], "default": {"fixed_target": 2, "rate": 0.5}}')
    assert sampling.rules(str(path))["default"]["fixed_target"] == 2
    with pytest.raises(ValueError):
        sampling.rules('{"version": 1, "default": {}}')


def test_metrics_are_collected_and_written_once_as_emf(capsys):
    @metrics.counts(KeyError, metrics.CART_VERSION_CONFLICTS)
    def refuses() -> None:
        raise KeyError("stale")

    with metrics.collected():
        metrics.count(metrics.ORDERS_PAID)
        metrics.count(metrics.ORDERS_PAID)
        metrics.add(metrics.REVENUE, "None", 12.5, currency="eur")
        with pytest.raises(KeyError):
            refuses()
        assert capsys.readouterr().out == ""  # nothing before the unit of work ends
    documents = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    plain = next(d for d in documents if "OrdersPaid" in d)
    assert plain["OrdersPaid"] == [1.0, 1.0] and plain["CartVersionConflicts"] == [1.0]
    assert plain["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "Quorum"
    assert plain["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["service"]]
    revenue = next(d for d in documents if "Revenue" in d)
    assert revenue["currency"] == "eur" and revenue["Revenue"] == [12.5]
    assert revenue["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["currency", "service"]]


def test_json_lines_carry_the_correlation_id_and_the_cold_start_flag():
    formatter = logs.JsonFormatter()
    record = logging.LogRecord("commerce.x", logging.WARNING, __file__, 1, "paid by %s", ("ann@b.test",), None)
    with context.correlated("req-123"):
        line = json.loads(formatter.format(record))
    assert line["correlation_id"] == "req-123" and line["level"] == "WARNING" and line["name"] == "commerce.x"
    assert line["message"] == "paid by a***@b.test" and isinstance(line["cold_start"], bool)
    assert context.usable("abc-123") == "abc-123" and context.usable("bad id\n") is None


def _doc(id_, start, end, **extra):
    return {"id": id_, "trace_id": "1-t", "name": extra.pop("name", id_), "start_time": start, "end_time": end,
            **extra}


def test_a_trace_is_put_back_together_from_streamed_subsegments():
    documents = [
        _doc("sub2", 1.2, 1.25, type="subsegment", parent_id="sub1", namespace="aws", name="dynamodb",
             aws={"operation": "UpdateItem", "table_name": "t"}),
        _doc("seg", 1.0, 1.5, annotations={"entry": "http", "correlation_id": "c1"},
             http={"request": {"method": "PUT", "url": "http://h/api/carts/1"}, "response": {"status": 409}},
             error=True, subsegments=[_doc("sub1", 1.1, 1.4, name="deal.change")]),
        _doc("lost", 1.3, 1.31, type="subsegment", parent_id="gone"),
        {"id": "x"},  # not a document of any trace
    ]
    (trace,) = trace_store.assemble(documents)
    assert trace.title == "PUT /api/carts/1" and trace.status == 409 and trace.refused and not trace.failed
    assert trace.orphans == 1 and trace.matches("c1") and not trace.matches("c2")
    rows = trace.rows()
    assert [(r.node.id, r.depth) for r in rows] == [("seg", 0), ("sub1", 1), ("sub2", 2), ("lost", 0)]
    assert rows[2].node.detail == "UpdateItem t" and round(rows[0].node.duration_ms) == 500
    assert rows[0].offset_pct == 0 and rows[0].width_pct == 100


def test_the_receiver_takes_the_daemon_protocol_only():
    header = b'{"format":"json","version":1}\n'
    assert parse(header + b'{"trace_id": "1-a", "id": "b", "name": "n"}')["id"] == "b"
    assert parse(b'{"format":"json","version":2}\n{"trace_id": "1-a", "id": "b"}') is None
    assert parse(header + b"not json") is None
    assert parse(header + b'{"name": "no ids"}') is None


def test_the_receiver_appends_and_keeps_only_the_last_documents(tmp_path):
    import socket
    import threading
    import time

    from devstack.xray_receiver import Receiver

    receiver = Receiver(port=0, directory=tmp_path, keep=4)
    thread = threading.Thread(target=receiver.run, daemon=True)
    thread.start()
    host, port = receiver.address.split(":")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        for n in range(10):
            sender.sendto(b'{"format":"json","version":1}\n' + json.dumps({"trace_id": "1-t", "id": f"s{n}"}).encode(),
                          (host, int(port)))
            time.sleep(0.02)
        sender.sendto(b"garbage", (host, int(port)))
    deadline = time.monotonic() + 5
    while (receiver.received, receiver.dropped) != (10, 1) and time.monotonic() < deadline:
        time.sleep(0.02)
    receiver.stop()
    thread.join(timeout=2)
    ids = [d["id"] for d in trace_store.read(tmp_path)]
    assert (receiver.received, receiver.dropped) == (10, 1)
    assert ids[-4:] == ["s6", "s7", "s8", "s9"] and len(ids) <= 6  # compacted past one and a half times keep
    again = Receiver(port=0, directory=tmp_path, keep=4)  # a restart shows what was kept
    again.socket.close()
    assert [d["id"] for d in again.documents] == ["s6", "s7", "s8", "s9"]


@pytest.mark.parametrize("environment", [
    {"QUORUM_TRACING": "false"},  # tests, or a process without a daemon
    {"QUORUM_TRACING": "true", "LAMBDA_TASK_ROOT": "/var/task", "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:9",
     "_X_AMZN_TRACE_ID": "Root=1-6b0e0000-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=0"},
])  # ...and on Lambda, an invocation Lambda did not sample (most cold starts)
def test_a_request_nobody_traces_imports_neither_the_xray_sdk_nor_the_tracer(environment):
    code = f"""
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.update({environment!r})
import django
django.setup()
from django.http import HttpResponse
from django.test import RequestFactory
from config.observability.middleware import ObservabilityMiddleware
response = ObservabilityMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/x"))
assert response["X-Correlation-ID"]
print(sorted(m for m in sys.modules if m.startswith(("aws_xray_sdk", "aws_lambda_powertools.tracing"))))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
