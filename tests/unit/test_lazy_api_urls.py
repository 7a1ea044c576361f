"""The JSON API's URLconf is loaded on first use: serving and reversing page URLs never imports ninja."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from django.urls import resolve, reverse
assert resolve("/").url_name == "home" and reverse("storefront:catalog") == "/products/"
assert "ninja" not in sys.modules and "pydantic" not in sys.modules, "a page loaded the API stack"
assert resolve("/api/meta").route.endswith("meta")
assert reverse("api:openapi-json") == "/api/openapi.json"
assert "ninja" in sys.modules
print("ok")
"""


def test_pages_do_not_load_the_api_stack_and_the_api_still_resolves():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "QUORUM_ENV": "test", "PYTHONPATH": str(ROOT)})
    assert result.stdout.strip() == "ok", result.stderr[-2000:]
