"""A child process the devstack owns: started in its own process group, stopped by its own PID only."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


class ServiceError(RuntimeError):
    pass


class ManagedProcess:
    """Start `argv`, wait until `ready()` is true, stop the whole process group on `stop()`."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        *,
        ready: Callable[[], bool],
        env: Optional[dict[str, str]] = None,
        cwd: Optional[Path] = None,
        log_path: Optional[Path] = None,
        start_timeout: float = 60.0,
    ) -> None:
        self.name = name
        self.argv = argv
        self.ready = ready
        self.env = env
        self.cwd = cwd or ROOT
        self.log_path = log_path
        self.start_timeout = start_timeout
        self.proc: Optional[subprocess.Popen] = None

    def start(self) -> ManagedProcess:
        # With a log path the output goes there; without one it goes to our own terminal.
        out = open(self.log_path, "ab") if self.log_path else None  # noqa: SIM115 (handed to the child, closed below)
        self.proc = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env={**os.environ, **(self.env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # own process group: stop() kills exactly what we started
        )
        if out is not None:
            out.close()
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServiceError(f"{self.name} exited with code {self.proc.returncode} during start-up"
                                   f"{self._log_hint()}")
            try:
                if self.ready():
                    return self
            except Exception:
                pass
            time.sleep(0.1)
        self.stop()
        raise ServiceError(f"{self.name} did not answer within {self.start_timeout:.0f}s{self._log_hint()}")

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        pgid = self.proc.pid  # == its process group id, thanks to start_new_session
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.proc.wait(timeout=timeout)
        except ProcessLookupError:
            pass

    def _log_hint(self) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        tail = self.log_path.read_text(errors="replace").strip().splitlines()[-15:]
        return f" (log {self.log_path}):\n  " + "\n  ".join(tail) if tail else ""
