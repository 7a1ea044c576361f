"""Who gets into the admin: every admin URL sends anonymous visitors to sign in, refuses committee members,
and refuses sales staff on admin-only pages; failed sign-ins are throttled per account and per address."""
import re

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from tests import factories
from tests.integration.ops_helpers import PASSWORD, signed_in, staff

SAMPLE = {"sku": "ACCESS-1", "order_id": "o" * 32, "event_id": "evt_access", "deal_id": "d" * 32,
          "vendor": "salesforce", "vendor_id": "v" * 32, "trace_id": "1-00000000-000000000000000000000000",
          "request_id": "r" * 32}
PUBLIC = {"/admin/login/", "/admin/logout/"}


def admin_urls() -> list[tuple[str, str, bool]]:
    """(url, name, admin_only) for every route under /admin/, from the URLconf itself."""
    from commerce.ops import urls as commerce_ops

    found = []
    for prefix, module in (("/admin/", "commerce.ops.urls"), ("/admin/", "dealroom.ops.urls")):
        resolver = next(r for r in get_resolver().url_patterns if getattr(r, "urlconf_name", None) == module)
        for pattern in resolver.url_patterns:
            assert isinstance(pattern, URLPattern)
            path = re.sub(r"<str:(\w+)>", lambda m: SAMPLE[m.group(1)], str(pattern.pattern))
            admin_only = (module == commerce_ops.__name__ and pattern.name != "dashboard") or \
                pattern.name.startswith("privacy")  # people's data: admin staff only
            found.append((prefix + path, pattern.name, admin_only))
    return found


URLS = admin_urls()


def test_the_route_list_is_complete():
    names = {name for _, name, _ in URLS}
    assert {"dashboard", "products", "product_stock", "orders", "order_refund", "events", "event_replay", "audit",
            "deals", "board", "deal", "deal_invite", "deal_member_role", "privacy", "privacy_export",
            "privacy_erase", "privacy_request", "privacy_resume"} <= names
    assert len(URLS) >= 20


@pytest.mark.parametrize("url", [u for u, _, _ in URLS if u not in PUBLIC])
def test_anonymous_visitors_are_sent_to_sign_in(table, url):
    client = Client()
    for response in (client.get(url), client.post(url, {})):
        if response.status_code == 405:  # the route takes the other method
            continue
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith("/admin/login/?next=")


def test_committee_members_are_refused_everywhere(table):
    from dealroom.services.deals import deal_create

    factories.product("ACCESS-1")
    created = deal_create(account_name="Buyer", owner="s@q.test", base_url="http://testserver",
                          members=(("eb@buyer.test", "economic_buyer", "Erin"),))
    buyer = Client()
    assert buyer.post(created.invites["eb@buyer.test"].replace("http://testserver", "")).status_code == 302
    for url, _, _ in URLS:
        if url in PUBLIC:
            continue
        responses = [buyer.get(url), buyer.post(url, {})]
        assert all(r.status_code in (403, 405) for r in responses), url
        assert any(r.status_code == 403 for r in responses), url


def test_sales_staff_see_deals_but_not_money_stock_or_events(table):
    sales = signed_in("sam@quorum.test", "sales")
    for url, _name, admin_only in URLS:
        if url in PUBLIC:
            continue
        get, post = sales.get(url), sales.post(url, {})
        if admin_only:
            assert 403 in (get.status_code, post.status_code), url
            assert {get.status_code, post.status_code} <= {403, 405}, url
        else:
            assert get.status_code in (200, 404, 405), (url, get.status_code)  # deal pages (sample ids: 404)
    assert sales.get("/admin/deals/").status_code == 200
    assert sales.get("/admin/").status_code == 200
    page = sales.get("/admin/").content.decode()
    assert "Revenue today" not in page and "/admin/products/" not in page


def test_admin_staff_reach_every_page(table):
    admin = signed_in("olivia@quorum.test", "admin")
    for url in ("/admin/", "/admin/products/", "/admin/products/new/", "/admin/orders/", "/admin/stripe-events/",
                "/admin/stripe-events/?status=failed", "/admin/audit/", "/admin/deals/", "/admin/deals/board/",
                "/admin/deals/new/"):
        assert admin.get(url).status_code == 200, url
    assert admin.get(f"/admin/orders/{SAMPLE['order_id']}/").status_code == 404


def test_sign_out_ends_the_staff_session(table):
    admin = signed_in("olivia@quorum.test", "admin")
    assert admin.post("/admin/logout/").status_code == 302
    assert admin.get("/admin/").status_code == 302


def test_session_expires_after_the_staff_session_age(table, settings):
    admin = signed_in("olivia@quorum.test", "admin")
    assert admin.session.get_expiry_age() == settings.STAFF_SESSION_SECONDS


def test_wrong_password_is_one_message_and_kept_email(table):
    staff("olivia@quorum.test", "admin")
    response = Client().post("/admin/login/", {"email": "olivia@quorum.test", "password": "nope"})
    assert response.status_code == 401
    body = response.content.decode()
    assert "do not match a staff account" in body and 'value="olivia@quorum.test"' in body
    unknown = Client().post("/admin/login/", {"email": "nobody@quorum.test", "password": "nope"})
    assert "do not match a staff account" in unknown.content.decode()  # no hint that the account exists


def test_failed_sign_ins_are_throttled_per_account(table, settings):
    staff("olivia@quorum.test", "admin")
    limit = settings.STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT
    for n in range(limit):
        client = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")  # a different address each time
        assert client.post("/admin/login/", {"email": "olivia@quorum.test", "password": f"guess{n}"}).status_code == 401
    locked = Client(REMOTE_ADDR="198.51.100.200").post("/admin/login/",
                                                       {"email": "olivia@quorum.test", "password": PASSWORD})
    assert locked.status_code == 429  # even the right password, until the window passes
    assert "Too many failed sign-ins for this account" in locked.content.decode()


def test_failed_sign_ins_are_throttled_per_address(table, settings):
    settings.STAFF_LOGIN_MAX_FAILURES_PER_ADDRESS = 4
    staff("olivia@quorum.test", "admin")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(4):  # four different accounts from one address
        assert client.post("/admin/login/", {"email": f"guess{n}@quorum.test", "password": "x"}).status_code == 401
    blocked = client.post("/admin/login/", {"email": "olivia@quorum.test", "password": PASSWORD})
    assert blocked.status_code == 429 and "for this address" in blocked.content.decode()
    assert Client(REMOTE_ADDR="203.0.113.10").post(
        "/admin/login/", {"email": "olivia@quorum.test", "password": PASSWORD}).status_code == 302


def test_forms_need_a_csrf_token(table):
    staff("olivia@quorum.test", "admin")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/admin/login/", {"email": "olivia@quorum.test", "password": PASSWORD}).status_code == 403
    page = strict.get("/admin/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    signed = strict.post("/admin/login/", {"email": "olivia@quorum.test", "password": PASSWORD,
                                            "csrfmiddlewaretoken": token})
    assert signed.status_code == 302
    assert strict.post("/admin/logout/").status_code == 403  # signed in, but no token: refused
