"""The devstack stops exactly the processes it started, grandchildren included."""
import os
import sys
import time

import pytest

from devstack.process import ManagedProcess, ServiceError, free_port, port_open


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); check its state
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def test_start_waits_for_readiness_and_stop_kills_the_group(tmp_path):
    port = free_port()
    pid_file = tmp_path / "grandchild.pid"
    script = (
        "import subprocess, sys, http.server, socketserver;"
        f"child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']);"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid));"
        f"socketserver.TCPServer(('127.0.0.1', {port}), http.server.SimpleHTTPRequestHandler).serve_forever()"
    )
    proc = ManagedProcess("toy", [sys.executable, "-c", script], ready=lambda: port_open(port),
                          log_path=tmp_path / "toy.log").start()
    assert port_open(port)
    grandchild = int(pid_file.read_text())
    assert _alive(grandchild)
    proc.stop()
    time.sleep(0.2)
    assert not proc.running()
    assert not _alive(grandchild)
    assert not port_open(port)


def test_a_child_that_dies_at_start_is_reported_with_its_log(tmp_path):
    proc = ManagedProcess("broken", [sys.executable, "-c", "print('no config here'); raise SystemExit(3)"],
                          ready=lambda: False, log_path=tmp_path / "broken.log")
    with pytest.raises(ServiceError, match="(?s)exited with code 3.*no config here"):
        proc.start()
