"""The emulator's state on disk: one JSON document, written atomically (temp file + rename) after each change
so a restart (or a crash) finds every object, event and idempotency record as the last answer left it."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Optional

FORMAT = 1


def load(path: Optional[Path]) -> Optional[dict[str, Any]]:
    if path is None or not path.exists():
        return None
    data = json.loads(path.read_text())
    if data.get("format") != FORMAT:
        raise RuntimeError(f"{path} holds emulator state of format {data.get('format')}, expected {FORMAT}")
    return data


def save(path: Optional[Path], state: dict[str, Any]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".stripe-state-", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as out:
            json.dump({"format": FORMAT, **state}, out, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
