"""The devstack keeps Stripe state across restarts (issue 14, gap 1): a customer, an invoice and a checkout
session created through `python -m devstack up` are all there after the emulator dies (the launcher restarts
it and says so) and after the whole devstack is stopped and started again."""
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import stripe

from devstack.process import free_port

ROOT = Path(__file__).resolve().parents[2]


def start(env: dict) -> tuple[subprocess.Popen, list[str]]:
    proc = subprocess.Popen([sys.executable, "-m", "devstack", "up"], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines: list[str] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if "all services up" in line or proc.poll() is not None:
            break
    assert "all services up" in "".join(lines), "".join(lines)
    return proc, lines


def stop(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=30)
    return rest


def wait_for(proc: subprocess.Popen, text: str, lines: list[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if text in line:
            return
    raise AssertionError(f"{text!r} not in {''.join(lines)}")


def emulator_pid(launcher: int) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat[1]) == launcher and b"devstack.stripe_emulator" in cmdline:
                return int(entry.name)
    raise AssertionError("no emulator child")


def test_state_survives_an_emulator_crash_and_a_restart(tmp_path):
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("STRIPE_")},
           "DEVSTACK_STATE_DIR": str(tmp_path), "DYNAMODB_PORT": str(free_port()), "APPSYNC_PORT": str(free_port()),
           "STRIPE_EMULATOR_PORT": str(port), "BEDROCK_STANDIN_PORT": str(free_port())}
    client = stripe.StripeClient("sk_test_quorum_local", base_addresses={"api": f"http://127.0.0.1:{port}"},
                                 max_network_retries=0)
    proc, lines = start(env)
    try:
        customer = client.v1.customers.create(params={"email": "keep@x.test"})
        invoice = client.v1.invoices.create(params={"customer": customer.id, "collection_method": "send_invoice",
                                                    "days_until_due": 30})
        client.v1.invoice_items.create(params={"customer": customer.id, "invoice": invoice.id, "amount": 900,
                                               "currency": "usd"})
        invoice = client.v1.invoices.finalize_invoice(invoice.id)
        session = client.v1.checkout.sessions.create(params={
            "mode": "payment", "success_url": "http://x/ok", "customer": customer.id, "line_items": [
                {"quantity": 1, "price_data": {"currency": "usd", "unit_amount": 500, "product_data": {"name": "P"}}}]})
        os.kill(emulator_pid(proc.pid), signal.SIGKILL)
        wait_for(proc, "stripe exited unexpectedly", lines)
        wait_for(proc, "stripe restarted", lines)
        assert "kept" in "".join(lines)
        assert client.v1.customers.retrieve(customer.id).email == "keep@x.test"
        rest = stop(proc)
        assert "stopped stripe" in rest
        proc, lines = start(env)
        assert client.v1.customers.retrieve(customer.id).email == "keep@x.test"
        assert client.v1.invoices.retrieve(invoice.id).status == "open"
        assert client.v1.checkout.sessions.retrieve(session.id).status == "open"
        for url in (session.url, invoice.hosted_invoice_url):
            with urllib.request.urlopen(url, timeout=10) as page:
                assert page.status == 200
        assert (tmp_path / "stripe" / "state.json").exists()
    finally:
        if proc.poll() is None:
            stop(proc)
