"""Delivery modes (issue 14, gap 5): `shuffled` duplicates and reorders webhooks within a window; the state file
is written atomically and read back."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from devstack.process import free_port
from devstack.stripe_emulator import persistence
from devstack.stripe_emulator.webhooks import DeliveryMode
from tests.emulator_helpers import own_emulator


def test_shuffled_delivery_duplicates_and_reorders_within_the_window():
    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((time.monotonic(), json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    mode = DeliveryMode.parse("shuffled", window=0.5, duplicates=1.0, seed=7)
    try:
        with own_emulator(webhook_url=f"http://127.0.0.1:{server.server_address[1]}/", delivery=mode) as (_, client):
            began = time.monotonic()
            emitted = [client.v1.products.create(params={"name": f"P{n}"}).id for n in range(10)]
            deadline = time.monotonic() + 10
            while len(received) < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        server.shutdown()
    assert len(received) == 20  # every event twice
    arrival = [event["data"]["object"]["id"] for _, event in received]
    assert sorted(arrival) == sorted(emitted * 2)
    first_seen = list(dict.fromkeys(arrival))
    assert first_seen != emitted  # out of emission order
    assert max(t for t, _ in received) - began < 0.5 + 2.0  # within the window (plus the requests themselves)


def test_ordered_delivery_is_the_default_and_exact():
    assert DeliveryMode.parse("ordered") == DeliveryMode("ordered", 0.0, 0.0, None)


def test_state_file_is_replaced_atomically(tmp_path):
    path = tmp_path / "state.json"
    persistence.save(path, {"objects": {"cus_1": {"id": "cus_1"}}})
    persistence.save(path, {"objects": {"cus_2": {"id": "cus_2"}}})
    assert persistence.load(path)["objects"] == {"cus_2": {"id": "cus_2"}}
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary file left behind


def test_an_emulator_started_on_a_state_file_has_everything_back(tmp_path):
    path = tmp_path / "stripe.json"
    with own_emulator(state_path=path) as (_, client):
        customer = client.v1.customers.create(params={"email": "s@x.test"}, options={"idempotency_key": "keep-1"})
        event_id = client.v1.events.list(params={"limit": 1}).data[0].id
    with own_emulator(state_path=path) as (_, client):
        assert client.v1.customers.retrieve(customer.id).email == "s@x.test"
        assert client.v1.events.retrieve(event_id).type == "customer.created"
        again = client.v1.customers.create(params={"email": "s@x.test"}, options={"idempotency_key": "keep-1"})
        assert again.id == customer.id
