"""Local sampling rules (the X-Ray SDK's version 2 format) from XRAY_SAMPLING_RULES: a path to a JSON file
or the JSON itself. They decide off Lambda (devstack, daphne); on Lambda, Lambda samples by the account's
X-Ray sampling rules (the CDK app's SamplingRule per function, config/aws/cdk/tracing.py).

A rule matches `host`, `http_method` and `url_path` (globs); stream batches are matched as method STREAM and
scheduled runs as SCHEDULE with their operation as the path. `fixed_target` requests per second are traced,
then `rate` of the rest. `{"version": 2, "default": {"fixed_target": 0, "rate": 0}}` traces nothing."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DEFAULT_FILE = Path(__file__).with_name("sampling.json")


def rules(value: str) -> dict[str, Any]:
    text = value.strip() if value else ""
    if not text:
        text = DEFAULT_FILE.read_text()
    elif not text.startswith("{"):
        text = Path(text).read_text()
    loaded: dict[str, Any] = json.loads(text)
    if loaded.get("version") != 2 or "default" not in loaded:
        raise ValueError("XRAY_SAMPLING_RULES must be version 2 local sampling rules with a default rule")
    return loaded
