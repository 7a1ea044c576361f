"""`make run` honours the Stripe settings of the person running it (issue 14, real Stripe test mode)."""
import pytest

from devstack.process import ServiceError
from devstack.services import StripeEmulator
from devstack.stripe_mode import decide


def emulator() -> StripeEmulator:
    return StripeEmulator(port=12999)


def test_nothing_set_uses_the_emulator():
    mode = decide({}, emulator=emulator())
    assert mode.kind == "emulator" and mode.emulator is not None
    assert mode.env == {"STRIPE_API_BASE": "http://127.0.0.1:12999", "STRIPE_SECRET_KEY": "sk_test_quorum_local",
                        "STRIPE_WEBHOOK_SECRET": "whsec_quorum_local"}


def test_a_real_test_key_without_api_base_is_stripes_test_mode_and_starts_no_emulator():
    mode = decide({"STRIPE_SECRET_KEY": "sk_test_51AbCdEf", "STRIPE_WEBHOOK_SECRET": "whsec_from_stripe_listen"},
                  emulator=emulator())
    assert mode.kind == "stripe-test-mode" and mode.emulator is None
    assert mode.env == {"STRIPE_API_BASE": "", "STRIPE_SECRET_KEY": "sk_test_51AbCdEf",
                        "STRIPE_WEBHOOK_SECRET": "whsec_from_stripe_listen"}
    assert "STRIPE_WEBHOOK_SECRET" in decide({"STRIPE_SECRET_KEY": "rk_test_1"}, emulator=emulator()).describe()


def test_an_api_base_is_used_as_given():
    mode = decide({"STRIPE_API_BASE": "http://127.0.0.1:12111", "STRIPE_SECRET_KEY": "sk_test_123"},
                  emulator=emulator())
    assert mode.kind == "external" and mode.emulator is None
    assert mode.env["STRIPE_API_BASE"] == "http://127.0.0.1:12111" and mode.env["STRIPE_SECRET_KEY"] == "sk_test_123"


def test_the_webhook_secret_set_is_the_emulators_signing_secret():
    mode = decide({"STRIPE_WEBHOOK_SECRET": "whsec_mine"}, emulator=emulator())
    assert mode.emulator.webhook_secret == "whsec_mine" and mode.env["STRIPE_WEBHOOK_SECRET"] == "whsec_mine"


@pytest.mark.parametrize("key", ["sk_live_123", "rk_live_123", "pk_test_123"])
def test_live_and_publishable_keys_are_refused(key):
    with pytest.raises(ServiceError):
        decide({"STRIPE_SECRET_KEY": key}, emulator=emulator())


def test_the_site_gets_these_settings():
    import os
    import subprocess
    import sys

    mode = decide({"STRIPE_SECRET_KEY": "sk_test_51AbCdEf"}, emulator=emulator())
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "from commerce.payments import stripe_gateway as g; c = g.client(); "
            "print(repr(s.STRIPE_API_BASE), s.STRIPE_SECRET_KEY, c._requestor.base_addresses.get('api'))")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STRIPE_")}
    result = subprocess.run([sys.executable, "-c", code], env={**clean, **mode.env,
                                                              "DJANGO_SETTINGS_MODULE": "config.settings"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["''", "sk_test_51AbCdEf", "https://api.stripe.com"]


def test_the_connect_webhook_secret_set_is_passed_on():
    mode = decide({"STRIPE_CONNECT_WEBHOOK_SECRET": "whsec_connect_mine"}, emulator=emulator())
    assert mode.emulator.connect_webhook_secret == "whsec_connect_mine"
    assert mode.env["STRIPE_CONNECT_WEBHOOK_SECRET"] == "whsec_connect_mine"
    assert "STRIPE_CONNECT_WEBHOOK_SECRET" not in decide({}, emulator=emulator()).env  # settings' local default
