"""Admin URLs come from the URLconfs (`{% url %}`, `reverse`, `redirect` by name), never from hand-written
"/admin/..." strings; every name the admin's templates and views use reverses; the audit log links to its
targets by name."""
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse

from commerce.templatetags.ops import TARGET_URLS, audit_target_url

ROOT = Path(__file__).resolve().parents[2]
# where admin links are made: the admin's templates (and every other template), its views, template tags, JS
SOURCES = ["templates/**/*.html", "static/js/*.js", "commerce/ops/*.py", "dealroom/ops/*.py",
           "commerce/templatetags/*.py", "storefront/templatetags/*.py"]
HARD_CODED = re.compile(r"/admin\b")
URL_TAG = re.compile(r"""{%\s*url\s+['"]([\w:]+)['"]([^%]*)%}""")
BY_NAME = re.compile(r"""\b(?:reverse|redirect)\(\s*["']((?:ops|ops_deals):\w+)["']""")


def source_files() -> list[Path]:
    return sorted({path for pattern in SOURCES for path in ROOT.glob(pattern)})


def test_the_scan_covers_the_admin():
    scanned = {str(path.relative_to(ROOT)) for path in source_files()}
    assert {"templates/ops/base.html", "templates/ops/deal_detail.html", "commerce/ops/products.py",
            "commerce/ops/access.py", "dealroom/ops/views.py", "commerce/templatetags/ops.py",
            "static/js/ops.js"} <= scanned
    for sample in ('href="/admin/orders/"', 'f"/admin/deals/{deal_id}/"', "'/admin'", '"/admin/" + path'):
        assert HARD_CODED.search(sample), sample
    assert not HARD_CODED.search("{% url 'ops:orders' %}")


def test_no_hard_coded_admin_urls():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in source_files()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if HARD_CODED.search(line)]
    assert found == [], ("admin URLs written by hand; use {% url 'ops:NAME' %} / reverse('ops:NAME') / "
                         "redirect('ops:NAME', ...) (names in commerce/ops/urls.py, dealroom/ops/urls.py):\n"
                         + "\n".join(found))


def names_in_templates() -> set[tuple[str, int]]:
    found = set()
    for path in ROOT.glob("templates/ops/*.html"):
        for name, args in URL_TAG.findall(path.read_text(encoding="utf-8")):
            if name.startswith(("ops:", "ops_deals:")):
                found.add((name, len(args.split())))
    return found


def names_in_views() -> set[str]:
    return {name for pattern in ("commerce/ops/*.py", "dealroom/ops/*.py", "commerce/templatetags/*.py")
            for path in ROOT.glob(pattern) for name in BY_NAME.findall(path.read_text(encoding="utf-8"))}


def defined_names() -> set[str]:
    from commerce.ops import urls as commerce_ops
    from dealroom.ops import urls as dealroom_ops

    return {f"{conf.app_name}:{pattern.name}" for conf in (commerce_ops, dealroom_ops) for pattern in conf.urlpatterns}


def test_every_admin_url_name_in_use_exists_and_reverses_under_admin():
    used = names_in_templates()
    assert len(used) >= 20  # the admin's pages link to each other by name
    for name, arg_count in sorted(used):
        assert reverse(name, args=["x1"] * arg_count).startswith("/admin/"), name
    in_views = names_in_views()
    assert {"ops:login", "ops:dashboard", "ops:product", "ops:order", "ops:event", "ops_deals:deal"} <= in_views
    assert in_views - defined_names() == set()


@pytest.mark.parametrize("target_type, target_id, url", [
    ("product", "SKU-1", "/admin/products/SKU-1/"), ("order", "o1", "/admin/orders/o1/"),
    ("deal", "d1", "/admin/deals/d1/"), ("stripe_event", "evt_1", "/admin/stripe-events/evt_1/"),
    ("staff", "someone", "#"),  # no page for it
    ("product", "", "#"), ("product", "a/b", "#"),  # ids no route can carry
])
def test_audit_entries_link_to_their_target_by_name(target_type, target_id, url):
    assert audit_target_url(SimpleNamespace(target_type=target_type, target_id=target_id)) == url


def test_every_audit_target_name_reverses():
    for name in TARGET_URLS.values():
        assert reverse(name, args=["x1"]).startswith("/admin/")
