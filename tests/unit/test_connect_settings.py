"""Connect's settings: the Connect endpoint's signing secret is reported missing by /healthz like the platform's
(production has no default for either), and the default platform fee rate is checked at start-up."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.health import webhooks_configured

ROOT = Path(__file__).resolve().parents[2]


def test_health_names_each_missing_webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_a", ""
    with pytest.raises(RuntimeError, match="^STRIPE_CONNECT_WEBHOOK_SECRET is empty"):
        webhooks_configured(1.0)
    settings.STRIPE_WEBHOOK_SECRET = ""
    with pytest.raises(RuntimeError, match="STRIPE_WEBHOOK_SECRET and STRIPE_CONNECT_WEBHOOK_SECRET are empty"):
        webhooks_configured(1.0)
    settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_a", "whsec_b"
    assert webhooks_configured(1.0) == "ok"


def _settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE", "CONNECT", "QUORUM_ENV", "DEBUG"))}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings as s; "
         "print(repr(s.STRIPE_CONNECT_WEBHOOK_SECRET), s.CONNECT_DEFAULT_FEE_RATE_BPS)"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env}, cwd=ROOT, capture_output=True, text=True,
        timeout=60)


def test_production_has_no_connect_secret_by_default_and_the_fee_rate_is_checked():
    production = _settings(QUORUM_ENV="production", SECRET_KEY="s" * 50)
    assert production.returncode == 0, production.stderr
    assert production.stdout.split() == ["''", "1000"]
    bad = _settings(CONNECT_DEFAULT_FEE_RATE_BPS="7500")
    assert bad.returncode != 0 and "CONNECT_DEFAULT_FEE_RATE_BPS is basis points" in bad.stderr
