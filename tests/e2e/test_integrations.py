"""Staff watch the CRM fan-out from the admin in a real browser: the Integrations page's queue figures move
after a committee change (the site's stream poller publishes to moto's bus; the page refreshes in place),
and a message poisoned into the Salesforce DLQ is redriven with a click. Screenshots to .devstack/screenshots."""
import pytest
from playwright.sync_api import expect

from commerce.fanout import clients, queues
from dealroom.services.deals import deal_create
from tests.e2e.test_admin import sign_in
from tests.e2e.test_home import SHOTS

pytestmark = pytest.mark.e2e


def _figure(page, vendor: str, name: str) -> int:
    return int(page.locator(f'tr[data-vendor="{vendor}"] [data-figure="{name}"]').inner_text())


def test_staff_see_queue_figures_move_after_a_committee_change_and_redrive_the_dlq(site, page, settings):
    settings.INTEGRATIONS_STAGE = "e2e"  # the site's stage: this process looks at the same queues
    salesforce = queues.vendor_named("salesforce")
    while messages := queues.receive(salesforce, limit=10):  # what earlier tests left: a consumer took it
        for message in messages:
            queues.delete(salesforce, message["ReceiptHandle"])
    sign_in(site, page, "ines@quorum.test")
    page.get_by_role("link", name="Integrations").click()
    expect(page.get_by_role("heading", name="Integrations")).to_be_visible()
    expect(page.locator('tr[data-vendor="salesforce"]')).to_contain_text("FIFO")
    before = {v: _figure(page, v, "visible") for v in ("salesforce", "generic")}

    deal_create(account_name="Browser Fanout Co", owner="ines@quorum.test", base_url=site.url,
                members=(("cfo@bf.test", "economic_buyer", "Cy"), ("gc@bf.test", "legal", "Gil")))
    for vendor in ("salesforce", "generic"):  # two invitations each, published by the site's stream poller
        page.wait_for_function(
            "([vendor, n]) => Number(document.querySelector(`tr[data-vendor=\"${vendor}\"] [data-figure=\"visible\"]`)"
            ".textContent) >= n", arg=[vendor, before[vendor] + 2], timeout=20_000)
    page.screenshot(path=str(SHOTS / "admin-integrations.png"), full_page=True)

    while messages := queues.receive(salesforce, limit=10):  # the Salesforce consumer takes them
        for message in messages:
            queues.delete(salesforce, message["ReceiptHandle"])
    clients.sqs().send_message(QueueUrl=queues.url(salesforce), MessageBody="{poisoned", MessageGroupId="salesforce",
                               MessageDeduplicationId="e2e-poison")
    for _ in range(salesforce.max_receive_count + 1):  # it fails every time: after N receives, the DLQ
        queues.receive(salesforce, visibility=0)
    dead = 'tr[data-vendor="salesforce"] [data-figure="dead"]'
    page.wait_for_function("(cell) => Number(document.querySelector(cell).textContent) === 1", arg=dead,
                           timeout=20_000)
    expect(page.locator('tr[data-vendor="salesforce"] [data-figure="dead_oldest_age_seconds"]')).not_to_have_text("–")
    page.locator('[data-redrive="salesforce"]').click()
    expect(page.locator(".message.success")).to_contain_text("Moved 1 message from the salesforce dead-letter queue")
    expect(page.locator('tr[data-vendor="salesforce"] [data-figure="dead"]')).to_have_text("0")
    expect(page.locator('tr[data-vendor="salesforce"] [data-figure="visible"]')).to_have_text("1")
    expect(page.get_by_role("row").filter(has_text="Committee Member Invited").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "admin-integrations-redriven.png"), full_page=True)
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("table.audit tbody tr").filter(has_text="integrations.redrive").first).to_contain_text(
        "ines@quorum.test")
    assert page.console_errors == []
