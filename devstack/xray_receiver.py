"""Local stand-in for the AWS X-Ray daemon's UDP side: receives the segment documents the X-Ray SDK sends to
AWS_XRAY_DAEMON_ADDRESS and keeps the last ones in <dir>/segments.jsonl (one document a line, newest last),
which the admin's Traces page reads. Nothing is forwarded anywhere.

    python -m devstack.xray_receiver --port 2000 --dir .devstack/xray [--keep 2000]

Each datagram is the daemon protocol: a header line `{"format": "json", "version": 1}`, a newline, then one
segment or one independently sent subsegment (`"type": "subsegment"` with its `parent_id`), as the SDK
streams them. Malformed datagrams are counted and dropped."""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sys
import threading
from collections import deque
from pathlib import Path
from typing import Optional

HEADER = {"format": "json", "version": 1}
MAX_DATAGRAM = 65535  # a UDP datagram's limit; the SDK streams subsegments to stay under it
FILE = "segments.jsonl"


def parse(datagram: bytes) -> Optional[dict]:
    """The document a datagram carries, or None when it is not the daemon protocol."""
    try:
        header, _, body = datagram.decode("utf-8").partition("\n")
        if json.loads(header) != HEADER:
            return None
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(document, dict) or not document.get("trace_id") or not document.get("id"):
        return None
    return document


class Receiver:
    def __init__(self, *, port: int, directory: Path, keep: int = 2000, host: str = "127.0.0.1") -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / FILE
        self.keep = keep
        kept = self._kept()
        self.documents: deque[dict] = deque(kept, maxlen=keep)
        self.fresh: list[dict] = []  # received since the last write
        self.lines = len(kept)  # lines in the file now
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind((host, port))
        self.socket.settimeout(0.2)
        self.address = f"{host}:{self.socket.getsockname()[1]}"
        self.received = self.dropped = 0
        self._stop = threading.Event()

    def _kept(self) -> list[dict]:
        """What an earlier run kept (the page keeps showing it across restarts)."""
        if not self.path.exists():
            return []
        kept = []
        for line in self.path.read_text().splitlines():
            try:
                kept.append(json.loads(line))
            except ValueError:
                continue
        return kept

    def _take(self, datagram: bytes) -> None:
        document = parse(datagram)
        if document is None:
            self.dropped += 1
            return
        self.received += 1
        self.documents.append(document)
        self.fresh.append(document)

    def run(self) -> None:
        try:
            self._serve()
        finally:
            self.socket.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                self._take(self.socket.recv(MAX_DATAGRAM))
            except TimeoutError:
                continue
            self.socket.setblocking(False)  # drain what else arrived, then write once
            try:
                while True:
                    self._take(self.socket.recv(MAX_DATAGRAM))
            except (BlockingIOError, InterruptedError):
                pass
            finally:
                self.socket.settimeout(0.2)
            self.write()

    def write(self) -> None:
        """Append what arrived; once the file holds half as many lines again as are kept, rewrite it with the
        kept ones only (atomically: a reader sees the old or the new file, and skips a half-appended line)."""
        if self.lines + len(self.fresh) > self.keep + self.keep // 2:
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text("".join(json.dumps(d, separators=(",", ":")) + "\n" for d in self.documents))
            os.replace(temporary, self.path)
            self.lines = len(self.documents)
        else:
            with self.path.open("a") as file:
                file.write("".join(json.dumps(d, separators=(",", ":")) + "\n" for d in self.fresh))
            self.lines += len(self.fresh)
        self.fresh = []

    def stop(self) -> None:
        self._stop.set()


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.xray_receiver")
    parser.add_argument("--port", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=Path(".devstack") / "xray")
    parser.add_argument("--keep", type=int, default=2000, help="documents kept (oldest dropped first)")
    args = parser.parse_args(argv)
    receiver = Receiver(port=args.port, directory=args.dir, keep=args.keep)
    signal.signal(signal.SIGTERM, lambda *_: receiver.stop())
    print(f"xray receiver: listening on udp://{receiver.address}, keeping {args.keep} in {receiver.path}",
          flush=True)
    try:
        receiver.run()
    except KeyboardInterrupt:
        pass
    print(f"xray receiver: {receiver.received} received, {receiver.dropped} dropped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
