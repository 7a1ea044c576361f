"""What Quorum's configured console handler writes (Django's LOGGING: JSON lines, scrubbed), captured by
pointing that very handler at a buffer for the duration of a block."""
from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def console_output() -> Iterator[io.StringIO]:
    handlers = [h for h in logging.getLogger().handlers
                if isinstance(h, logging.StreamHandler) and type(h.formatter).__module__ == "config.observability.logs"]
    assert handlers, "the root logger has no console handler with Quorum's formatter (settings.LOGGING)"
    buffer = io.StringIO()
    previous = [h.setStream(buffer) for h in handlers]
    try:
        yield buffer
    finally:
        for handler, stream in zip(handlers, previous):
            handler.setStream(stream)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]
