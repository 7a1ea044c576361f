"""The JSON API's, the admin's and the deal rooms' URLconfs are loaded on first use: serving and reversing
storefront URLs, and rendering the base template every page extends, never import ninja, the admin or the
deal room's views, and the store's API never builds the deal rooms' API; all still resolve."""
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
from django.template.loader import render_to_string
assert "money-formats" in render_to_string("base.html")
assert "ninja" not in sys.modules and "pydantic" not in sys.modules, "a page loaded the API stack"
admin = [name for name in sys.modules if name.startswith(("commerce.ops", "dealroom.ops"))]
assert not admin, f"a page loaded the admin: {admin}"
rooms = [name for name in sys.modules if name in ("dealroom.views", "dealroom.urls", "commerce.payments.webhooks")]
assert not rooms, f"a page loaded the deal room or the webhook: {rooms}"
assert resolve("/deals/join/t0k3n/").url_name == "join" and reverse("dealroom:room", args=["d1"]) == "/deals/d1/"
assert resolve("/stripe/webhook/").func.csrf_exempt and reverse("stripe_webhook") == "/stripe/webhook/"
assert reverse("ops_deals:deal", args=["d1"]) == "/admin/deals/d1/" and "commerce.ops.urls" not in sys.modules
assert reverse("ops:dashboard") == "/admin/" and resolve("/admin/orders/").url_name == "orders"
assert resolve("/api/meta").route.endswith("meta")
assert reverse("api:openapi-json") == "/api/openapi.json"
assert "ninja" in sys.modules
assert "dealroom.api" not in sys.modules and "config.deals_api" not in sys.modules, "the store's API built the deals'"
assert resolve("/api/deals/abc/members") and "dealroom.api" in sys.modules
print("ok")
"""


def test_pages_do_not_load_the_api_the_admin_or_the_deal_rooms_and_all_still_resolve():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "QUORUM_ENV": "test", "PYTHONPATH": str(ROOT)})
    assert result.stdout.strip() == "ok", result.stderr[-2000:]
