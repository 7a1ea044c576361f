"""Keeps the devstack's children running: when one dies it is started again (its data kept: DynamoDB's files,
the Stripe emulator's state file) and the output says so; a service that keeps dying is given up on."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devstack.process import ManagedProcess, ServiceError

MAX_RESTARTS, WINDOW_SECONDS = 5, 60.0


@dataclass
class Supervised:
    service: Any  # one of devstack.services' classes
    proc: ManagedProcess
    restarts: list[float] = field(default_factory=list)


class Supervisor:
    def __init__(self, log_dir: Path, say: Callable[[str], None]) -> None:
        self.log_dir, self.say = log_dir, say
        self.children: list[Supervised] = []

    def start(self, service: Any) -> ManagedProcess:
        proc = service.process(self.log_dir).start()
        self.children.append(Supervised(service, proc))
        return proc

    def check(self) -> None:
        """Restart whatever exited; raise ServiceError when one died too often."""
        for child in self.children:
            if child.proc.running():
                continue
            code = child.proc.proc.returncode if child.proc.proc else None
            now = time.monotonic()
            child.restarts = [t for t in child.restarts if now - t < WINDOW_SECONDS] + [now]
            if len(child.restarts) > MAX_RESTARTS:
                raise ServiceError(f"{child.proc.name} exited (code {code}) {MAX_RESTARTS} times within "
                                   f"{WINDOW_SECONDS:.0f}s; giving up")
            kept = getattr(child.service, "state_path", None) or getattr(child.service, "data_dir", None)
            note = f"its data in {kept} is kept" if kept else "it keeps no data of its own"
            self.say(f"[devstack] {child.proc.name} exited unexpectedly (code {code}); restarting it ({note})")
            child.proc = child.service.process(self.log_dir).start()
            self.say(f"[devstack] {child.proc.name} restarted (pid {child.proc.proc.pid})")

    def stop_all(self) -> list[ManagedProcess]:
        stopped = []
        for child in reversed(self.children):
            child.proc.stop()
            stopped.append(child.proc)
        return stopped
