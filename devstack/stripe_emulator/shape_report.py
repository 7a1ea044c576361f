"""Compare the emulator's object shapes with Stripe's published OpenAPI fixtures (one example object per
resource, every property the spec marks required): `python -m devstack.stripe_emulator.shape_report --fixtures
PATH/openapi/fixtures3.json` prints, per resource, what is missing and what is extra, as JSON. The fixtures file
comes from github.com/stripe/openapi at the version the pinned SDK was generated from; it is not committed."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from devstack.stripe_emulator import shapes


def report(fixtures: dict) -> dict:
    out = {}
    for name in sorted(shapes.OBJECT_CLASSES):
        expected = set(fixtures["resources"].get(name, {}))
        if not expected:
            continue
        have = set(shapes.blank(name))
        out[name] = {"required": len(expected), "present": len(expected & have),
                     "missing": sorted(expected - have), "extra": sorted(have - expected)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.stripe_emulator.shape_report")
    parser.add_argument("--fixtures", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps(report(json.loads(args.fixtures.read_text())), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
