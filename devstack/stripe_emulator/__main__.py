"""python -m devstack.stripe_emulator --port 12111 (settings from STRIPE_* environment variables)."""
from __future__ import annotations

import argparse
import os
import signal
import sys

from devstack.stripe_emulator.server import Emulator


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.stripe_emulator")
    parser.add_argument("--port", type=int, default=int(os.environ.get("STRIPE_EMULATOR_PORT", "12111")))
    parser.add_argument("--secret-key", default=os.environ.get("STRIPE_SECRET_KEY", "sk_test_quorum_local"))
    parser.add_argument("--webhook-url", default=os.environ.get("STRIPE_EMULATOR_WEBHOOK_URL"))
    parser.add_argument("--webhook-secret", default=os.environ.get("STRIPE_WEBHOOK_SECRET", "whsec_quorum_local"))
    parser.add_argument("--retry-base-delay", type=float,
                        default=float(os.environ.get("STRIPE_EMULATOR_RETRY_BASE_DELAY", "1.0")))
    args = parser.parse_args()
    emulator = Emulator(port=args.port, secret_key=args.secret_key, webhook_url=args.webhook_url,
                        webhook_secret=args.webhook_secret, retry_base_delay=args.retry_base_delay)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"stripe emulator listening on http://127.0.0.1:{args.port} (webhooks to {args.webhook_url or 'nowhere'})",
          flush=True)
    try:
        emulator.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
