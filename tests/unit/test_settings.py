"""Production settings refuse to start without a secret key or with DEBUG on."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "QUORUM_ENV"}}
    return subprocess.run(
        [sys.executable, "-c",
         "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )


def test_production_refuses_missing_secret_key():
    result = _load_settings(QUORUM_ENV="production", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug_on():
    result = _load_settings(QUORUM_ENV="production", SECRET_KEY="s" * 50, DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_starts_with_secret_and_debug_off_by_default():
    result = _load_settings(QUORUM_ENV="production", SECRET_KEY="s" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_local_defaults_to_debug_with_devstack_endpoints():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings as s; "
         "print(s.DEBUG, s.DYNAMODB_ENDPOINT_URL, s.APPSYNC_GRAPHQL_URL)"],
        env={**{k: v for k, v in os.environ.items()
                if not k.startswith(("DYNAMODB", "APPSYNC", "DEBUG", "QUORUM_ENV"))},
             "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "http://127.0.0.1:8001", "http://127.0.0.1:20002/graphql"]


def test_bad_boolean_is_a_clear_error():
    result = _load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr
