"""The admin's Traces page in a real browser, against Quorum served by daphne with tracing on into the
devstack X-Ray receiver (as `make run` serves it): a cart add made over HTTP is found by its correlation id,
opened as a waterfall whose rows include the DynamoDB UpdateItem, and counted on the dashboard's tile.
Screenshots go to .devstack/screenshots."""
from __future__ import annotations

import json
import urllib.request
import uuid
from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commerce.persistence import base
from commerce.persistence.table_sync import table_sync
from commerce.services import carts
from commerce.services.staff import staff_create
from devstack.process import free_port
from devstack.services import DjangoSite
from tests import factories
from tests.conftest import Site, _bind
from tests.e2e.test_home import SHOTS

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def traced_site(services, xray, tmp_path_factory) -> Iterator[Site]:
    name = f"quorum-e2e-traces-{uuid.uuid4().hex[:8]}"
    _bind(name, services.dynamodb.url)
    table_sync(client=base.boto3_client(), table_name=name)
    env = {**services.env(name), "QUORUM_DAPHNE": "true", "QUORUM_TRACING": "true",
           **xray.receiver.env()}
    log_dir = tmp_path_factory.mktemp("traced-site")
    server = DjangoSite(port=free_port(), env=env)
    proc = server.process(log_dir, log_to_file=True).start()
    try:
        yield Site(url=server.url.rstrip("/"), table=name, dynamodb_url=services.dynamodb.url, log_dir=log_dir)
    finally:
        proc.stop()


def _put(url: str, body: dict, correlation_id: str) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="PUT", headers={
        "Content-Type": "application/json", "X-Correlation-ID": correlation_id})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def test_a_cart_add_is_found_on_the_traces_page_with_its_dynamodb_call(traced_site, xray, page):
    traced_site.bind()
    factories.product("E2E-TRACE-1", name="Traced widget", category="e2e-traces", price=1999, stock=20)
    cart = carts.cart_create()
    correlation_id = f"e2e-{uuid.uuid4().hex[:12]}"
    assert _put(f"{traced_site.url}/api/carts/{cart.id}/lines/E2E-TRACE-1", {"quantity": 3}, correlation_id) == 200
    xray.correlated(correlation_id)  # the receiver has it

    staff_create(email="tracy@quorum.test", role="admin", password=PASSWORD, name="Tracy")
    page.goto(traced_site.url + reverse("ops:traces"))
    page.get_by_label("Email").fill("tracy@quorum.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(traced_site.url + reverse("ops:traces"))
    expect(page.get_by_role("heading", name="Traces")).to_be_visible()

    page.get_by_label("Find").fill(correlation_id)
    page.get_by_role("button", name="Show").click()
    row = page.locator("table.traces tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"PUT /api/carts/{cart.id}/lines/E2E-TRACE-1")
    expect(row).to_contain_text("200")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "traces.png"), full_page=True)

    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name=f"PUT /api/carts/{cart.id}/lines/E2E-TRACE-1")).to_be_visible()
    update = page.locator("table.waterfall tbody tr[data-name='dynamodb']").filter(has_text="UpdateItem")
    expect(update).to_have_count(1)
    expect(update).to_contain_text(traced_site.table)
    expect(update.locator(".bar")).to_be_visible()
    expect(page.locator("table.waterfall tbody tr").first).to_contain_text(f"correlation_id={correlation_id}")
    page.screenshot(path=str(SHOTS / "trace_detail.png"), full_page=True)

    page.get_by_role("link", name="Dashboard").click()
    tile = page.locator("a.tile").filter(has_text="Traces kept")
    expect(tile).to_be_visible()
    page.screenshot(path=str(SHOTS / "dashboard_traces.png"), full_page=True)
    assert page.console_errors == []
