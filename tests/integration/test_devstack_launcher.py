"""`python -m devstack up` starts every service, and Ctrl-C stops all it started, leaving nothing behind."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from devstack.process import free_port, port_open

ROOT = Path(__file__).resolve().parents[2]


def _children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_up_then_ctrl_c_leaves_no_java_or_node_behind():
    dynamodb_port, appsync_port, stripe_port, bedrock_port = free_port(), free_port(), free_port(), free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "devstack", "up", "--in-memory"],
        cwd=ROOT, env={**os.environ, "DYNAMODB_PORT": str(dynamodb_port), "APPSYNC_PORT": str(appsync_port),
                       "STRIPE_EMULATOR_PORT": str(stripe_port), "BEDROCK_STANDIN_PORT": str(bedrock_port)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if "all services up" in line or proc.poll() is not None:
                break
        output = "".join(lines)
        assert "all services up" in output, output
        assert f"dynamodb  http://127.0.0.1:{dynamodb_port}" in output
        assert f"appsync   http://127.0.0.1:{appsync_port}/graphql" in output
        assert f"stripe    http://127.0.0.1:{stripe_port}" in output
        assert f"bedrock   http://127.0.0.1:{bedrock_port}" in output
        assert port_open(dynamodb_port) and port_open(appsync_port) and port_open(stripe_port)
        assert port_open(bedrock_port)
        children = _children_of(proc.pid)
        assert len(children) == 4
        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        rest, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, rest
    assert "stopped stripe" in rest and "stopped appsync" in rest and "stopped dynamodb" in rest
    assert "stopped bedrock" in rest
    assert not any(_alive(pid) for pid in children)
    assert not port_open(dynamodb_port) and not port_open(appsync_port) and not port_open(stripe_port)
    assert not port_open(bedrock_port)


def test_port_in_use_is_a_clear_error():
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "devstack", "up", "--in-memory"], cwd=ROOT, capture_output=True, text=True,
            env={**os.environ, "DYNAMODB_PORT": str(port), "APPSYNC_PORT": str(free_port())}, timeout=60,
        )
    assert result.returncode == 1
    assert f"port {port} for dynamodb is already in use" in result.stderr


def test_a_real_test_key_runs_without_the_emulator_and_a_live_key_is_refused():
    base = {k: v for k, v in os.environ.items() if not k.startswith("STRIPE_")}
    refused = subprocess.run([sys.executable, "-m", "devstack", "up", "--in-memory"], cwd=ROOT, capture_output=True,
                             text=True, timeout=60, env={**base, "STRIPE_SECRET_KEY": "sk_live_abc"})
    assert refused.returncode == 1 and "live key" in refused.stderr
    stripe_port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "devstack", "up", "--in-memory"], cwd=ROOT, text=True,
        env={**base, "STRIPE_SECRET_KEY": "sk_test_51RealTestKey", "DYNAMODB_PORT": str(free_port()),
             "APPSYNC_PORT": str(free_port()), "STRIPE_EMULATOR_PORT": str(stripe_port),
             "BEDROCK_STANDIN_PORT": str(free_port())},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            lines.append(proc.stdout.readline())
            if "all services up" in lines[-1] or proc.poll() is not None:
                break
        output = "".join(lines)
        assert "Stripe: Stripe's own test mode (key sk_test_51Re" in output, output
        children = _children_of(proc.pid)
        assert len(children) == 3 and not port_open(stripe_port)  # DynamoDB, AppSync, Bedrock: no emulator
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            for child in _children_of(proc.pid):  # a failed assertion must not leave services holding ports
                os.kill(child, signal.SIGKILL)
            proc.kill()
