"""Which Stripe `make run` talks to, from what the person running it set:

- STRIPE_API_BASE set: that API (another emulator, stripe-mock...), with STRIPE_SECRET_KEY; none started here.
- else a real test key in STRIPE_SECRET_KEY (sk_test_... / rk_test_..., not the emulator's): Stripe's own test
  mode (STRIPE_API_BASE empty); the emulator is not started. Live keys are refused: the devstack never moves
  real money.
- else the local emulator, its state kept in .devstack/stripe/state.json.

STRIPE_WEBHOOK_SECRET, when set, is what Quorum verifies with (for real Stripe, the secret `stripe listen
--forward-to http://127.0.0.1:8000/stripe/webhook/` prints) and what the emulator signs with."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional

from devstack.process import ServiceError
from devstack.services import StripeEmulator

EMULATOR_KEY = StripeEmulator.secret_key


@dataclass(frozen=True)
class StripeMode:
    kind: str  # "emulator" | "stripe-test-mode" | "external"
    env: dict[str, str]  # what Quorum's settings get
    emulator: Optional[StripeEmulator] = None

    def describe(self) -> str:
        if self.kind == "emulator":
            return f"the local Stripe emulator at {self.env['STRIPE_API_BASE']}"
        if self.kind == "stripe-test-mode":
            secret = "STRIPE_WEBHOOK_SECRET set" if self.env["STRIPE_WEBHOOK_SECRET"] else \
                "no STRIPE_WEBHOOK_SECRET: webhooks will be refused until you set the one `stripe listen` prints"
            return f"Stripe's own test mode (key {self.env['STRIPE_SECRET_KEY'][:12]}…; {secret})"
        return f"the Stripe API at {self.env['STRIPE_API_BASE']} (not started here)"


def decide(environ: Mapping[str, str], *, emulator: StripeEmulator) -> StripeMode:
    """(STRIPE_CONNECT_WEBHOOK_SECRET, when set, is passed on the same way: Quorum verifies the Connect
    endpoint's deliveries with it, and the emulator signs them with it.)"""
    mode = _decide(environ, emulator=emulator)
    connect = environ.get("STRIPE_CONNECT_WEBHOOK_SECRET")
    if connect:
        mode.env["STRIPE_CONNECT_WEBHOOK_SECRET"] = connect
        if mode.emulator:
            mode.emulator.connect_webhook_secret = connect
    return mode


def _decide(environ: Mapping[str, str], *, emulator: StripeEmulator) -> StripeMode:
    key = environ.get("STRIPE_SECRET_KEY", "")
    base = environ.get("STRIPE_API_BASE", "")
    secret = environ.get("STRIPE_WEBHOOK_SECRET")
    if key.startswith(("sk_live_", "rk_live_")):
        raise ServiceError("STRIPE_SECRET_KEY is a live key: the devstack only runs with test keys (sk_test_...)")
    if base:
        return StripeMode("external", {"STRIPE_API_BASE": base, "STRIPE_SECRET_KEY": key or EMULATOR_KEY,
                                       "STRIPE_WEBHOOK_SECRET": secret or emulator.webhook_secret})
    if key and key != EMULATOR_KEY:
        if not key.startswith(("sk_test_", "rk_test_")):
            raise ServiceError("STRIPE_SECRET_KEY must be a test key (sk_test_... or rk_test_...) for Stripe's test "
                               "mode, or unset for the local emulator")
        return StripeMode("stripe-test-mode", {"STRIPE_API_BASE": "", "STRIPE_SECRET_KEY": key,
                                               "STRIPE_WEBHOOK_SECRET": secret or ""})
    if secret:
        emulator.webhook_secret = secret
    return StripeMode("emulator", {"STRIPE_API_BASE": emulator.url, "STRIPE_SECRET_KEY": emulator.secret_key,
                                   "STRIPE_WEBHOOK_SECRET": emulator.webhook_secret}, emulator)
