"""python -m devstack.stripe_emulator --port 12111 [--state PATH] [--delivery shuffled] ...
(settings also from STRIPE_* / STRIPE_EMULATOR_* environment variables)."""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from devstack.stripe_emulator.server import Emulator
from devstack.stripe_emulator.webhooks import DeliveryMode


def main() -> int:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m devstack.stripe_emulator")
    parser.add_argument("--port", type=int, default=int(env("STRIPE_EMULATOR_PORT", "12111")))
    parser.add_argument("--secret-key", default=env("STRIPE_EMULATOR_SECRET_KEY", "sk_test_quorum_local"))
    parser.add_argument("--webhook-url", default=env("STRIPE_EMULATOR_WEBHOOK_URL"))
    parser.add_argument("--webhook-secret", default=env("STRIPE_EMULATOR_WEBHOOK_SECRET", "whsec_quorum_local"))
    parser.add_argument("--connect-webhook-url", default=env("STRIPE_EMULATOR_CONNECT_WEBHOOK_URL"),
                        help="where events of connected accounts (Connect events, with `account`) go")
    parser.add_argument("--connect-webhook-secret",
                        default=env("STRIPE_EMULATOR_CONNECT_WEBHOOK_SECRET", "whsec_quorum_connect_local"))
    parser.add_argument("--retry-base-delay", type=float, default=float(env("STRIPE_EMULATOR_RETRY_BASE_DELAY", "1.0")))
    parser.add_argument("--state", type=Path, default=env("STRIPE_EMULATOR_STATE"),
                        help="JSON file the state is kept in across restarts (default: memory only)")
    parser.add_argument("--delivery", choices=("ordered", "shuffled"), default=env("STRIPE_EMULATOR_DELIVERY", "ordered"))
    parser.add_argument("--delivery-window", type=float, default=float(env("STRIPE_EMULATOR_DELIVERY_WINDOW", "1.0")),
                        help="shuffled: each delivery waits a random time up to this many seconds")
    parser.add_argument("--delivery-duplicates", type=float,
                        default=float(env("STRIPE_EMULATOR_DELIVERY_DUPLICATES", "0.5")),
                        help="shuffled: probability that a delivery is sent twice")
    parser.add_argument("--delivery-seed", type=int, default=None)
    args = parser.parse_args()
    mode = DeliveryMode.parse(args.delivery, args.delivery_window, args.delivery_duplicates, args.delivery_seed)
    emulator = Emulator(port=args.port, secret_key=args.secret_key, webhook_url=args.webhook_url,
                        webhook_secret=args.webhook_secret, connect_webhook_url=args.connect_webhook_url,
                        connect_webhook_secret=args.connect_webhook_secret, retry_base_delay=args.retry_base_delay,
                        state_path=args.state.resolve() if args.state else None, delivery=mode)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    state = f"state in {args.state}" if args.state else "state in memory"
    print(f"stripe emulator listening on http://127.0.0.1:{args.port} (webhooks to {args.webhook_url or 'nowhere'}, "
          f"Connect webhooks to {args.connect_webhook_url or 'nowhere'}, {mode.name} delivery, {state})", flush=True)
    try:
        emulator.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        emulator.store.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
