"""python -m devstack.bedrock_standin --port 4010 [--credentials KEY:SECRET ...]"""
from __future__ import annotations

import argparse
import os
import signal
import sys

from devstack.bedrock_standin.server import StandIn

LOCAL_CREDENTIALS = "quorumlocal:quorumlocal"  # what Quorum signs with locally when the environment has no keys


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.bedrock_standin")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BEDROCK_STANDIN_PORT", "4010")))
    parser.add_argument("--credentials", action="append", default=[],
                        help="ACCESS_KEY:SECRET accepted for SigV4 (repeatable); the local keys and those in the "
                             "environment are always accepted")
    args = parser.parse_args()
    pairs = [LOCAL_CREDENTIALS, *args.credentials]
    if os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SECRET_ACCESS_KEY"):
        pairs.append(f"{os.environ['AWS_ACCESS_KEY_ID']}:{os.environ['AWS_SECRET_ACCESS_KEY']}")
    credentials = dict(pair.split(":", 1) for pair in pairs)
    standin = StandIn(port=args.port, credentials=credentials)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"bedrock runtime stand-in listening on http://127.0.0.1:{args.port}", flush=True)
    try:
        standin.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
