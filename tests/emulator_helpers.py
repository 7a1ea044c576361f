"""An emulator of a test's own, in this process (for what the shared one cannot show: webhook timing,
restarts, delivery modes)."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import stripe

from devstack.process import free_port
from devstack.stripe_emulator.server import Emulator


@contextmanager
def own_emulator(**options) -> Iterator[tuple[Emulator, stripe.StripeClient]]:
    port = options.pop("port", None) or free_port()
    options.setdefault("secret_key", "sk_test_own")
    options.setdefault("webhook_url", None)
    options.setdefault("webhook_secret", "whsec_own")
    emulator = Emulator(port=port, **options)
    threading.Thread(target=emulator.serve_forever, daemon=True).start()
    client = stripe.StripeClient(options["secret_key"], base_addresses={"api": f"http://127.0.0.1:{port}"},
                                 max_network_retries=0)
    try:
        yield emulator, client
    finally:
        emulator.shutdown()
        emulator.httpd.server_close()
