"""Stripe Connect through the stripe SDK and the emulator (issue 19): vendors onboarded and kept current from
`account.updated` on the Connect endpoint; a single-vendor order paid as ONE destination charge; a mixed order
paying each vendor exactly once however its webhook arrives; refunds of a vendor's lines reversing its transfer
and refunding the fee in proportion. Webhooks are the emulator's own deliveries, shuffled and duplicated."""
import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from commerce.domain.payouts import proportional, transfer_group, unit_fee
from commerce.domain.vendors import VendorCannotSell
from commerce.payments import stripe_gateway, webhooks
from commerce.persistence import keys
from commerce.persistence.uow import unit_of_work
from commerce.services import payments, product_admin, selectors, vendors
from tests.connect_helpers import (
    STAFF,
    complete_onboarding,
    connect_webhooks,  # noqa: F401  (fixture)
    new_vendor,
    onboarded,
    paid_order,
    vendor_product,
    wait_for,
)
from tests.integration.ops_helpers import signed_in
from tests.stripe_helpers import deliver, events_for
from tests.table import delete


def html(response) -> str:
    return response.content.decode()


@pytest.fixture(autouse=True)
def receive(webhooks, connect_webhooks, table):  # noqa: F811
    """Every test receives the emulator's own deliveries on both endpoints, and waits for them at the end."""
    yield connect_webhooks
    webhooks.settle()
    connect_webhooks.settle()


def sdk():
    return stripe_gateway.client()


def shares(order_id: str):
    return unit_of_work().payouts.of_order(order_id)


def test_a_vendor_is_onboarded_through_an_account_link_and_only_then_sells(receive):
    vendor = new_vendor("Acme Plugins", fee_rate_bps=1250)
    account = sdk().v1.accounts.retrieve(vendor.account_id)
    assert account.type == "express" and account.metadata["vendor_id"] == vendor.id and not account.charges_enabled
    assert vendors.vendor_account_ensure(vendor_id=vendor.id, actor=STAFF).account_id == vendor.account_id  # once
    with pytest.raises(VendorCannotSell, match="has not finished Stripe's onboarding"):
        vendor_product("ACME-NOPE", vendor, price=1000)
    draft = vendor_product("ACME-SYNC", vendor, price=1000, active=False)  # prepared off sale is fine
    with pytest.raises(VendorCannotSell):
        product_admin.product_update(sku=draft.sku, expected_version=1, actor=STAFF, active=True)
    assert unit_of_work().products.get("ACME-NOPE") is None

    complete_onboarding(vendor)
    ready = wait_for(lambda: vendors.vendor_get(vendor_id=vendor.id).can_take_charges)
    assert ready, "account.updated did not reach the Connect endpoint"
    current = vendors.vendor_get(vendor_id=vendor.id)
    assert current.account.payouts_enabled and current.account.requirements_due == () and current.state_label == \
        "Charges enabled"
    product_admin.product_update(sku=draft.sku, expected_version=1, actor=STAFF, active=True)
    assert unit_of_work().products.get(draft.sku)[0].active
    receive.settle()
    updates = sdk().v1.events.list(params={"type": "account.updated"},
                                   options={"stripe_account": vendor.account_id}).data
    assert updates and all(e.account == vendor.account_id for e in updates)
    stored = unit_of_work().stripe_events.get(updates[0].id)
    assert stored.status == "processed" and stored.attempts == 1 and stored.outcome == "charges enabled"


def test_a_single_vendor_order_is_one_destination_charge_and_a_refund_reverses_it_in_proportion(webhooks):
    vendor = onboarded("Globex Services", fee_rate_bps=1250)
    vendor_product("GLX-PLUG", vendor, price=4999)
    vendor_product("GLX-SUPPORT", vendor, price=1005)
    order = paid_order(**{"GLX-PLUG": 3, "GLX-SUPPORT": 1})
    webhooks.settle()
    fee = 3 * unit_fee(4999, 1250) + unit_fee(1005, 1250)
    assert fee == 3 * 625 + 126  # 624.875 -> 625, 125.625 -> 126
    paid = selectors.order_get(order_id=order.id)
    intent = sdk().v1.payment_intents.retrieve(paid.payment.payment_intent_id)
    assert intent.transfer_data.destination == vendor.account_id and intent.application_fee_amount == fee
    assert intent.transfer_group == transfer_group(order.id)
    (transfer,) = sdk().v1.transfers.list(params={"destination": vendor.account_id}).data  # exactly one
    assert transfer.amount == 3 * 4999 + 1005 and transfer.source_transaction == intent.latest_charge
    (record,) = shares(order.id).values()
    assert (record.kind, record.gross, record.fee, record.transfer_id) == ("destination", 16002, fee, transfer.id)
    assert sdk().v1.application_fees.retrieve(record.fee_id).amount == fee
    vendor_txn = sdk().v1.balance_transactions.list(options={"stripe_account": vendor.account_id}).data[0]
    assert (vendor_txn.amount, vendor_txn.fee, vendor_txn.net) == (16002, fee, 16002 - fee)

    # refunding one line: the refund itself reverses the transfer and refunds the fee in proportion
    payments.order_refund(order_id=order.id, lines={"GLX-SUPPORT": 1}, expected_refunds_requested=0)
    webhooks.settle()
    (after,) = shares(order.id).values()
    expected_fee = proportional(1005, 16002, fee)  # Stripe's rule: in proportion, rounded half up
    assert (after.refunded, after.amount_reversed, after.fee_refunded) == (1005, 1005, expected_fee)
    assert sdk().v1.application_fees.retrieve(record.fee_id).amount_refunded == expected_fee == 126
    assert sdk().v1.transfers.retrieve(record.transfer_id).amount_reversed == 1005


def test_a_mixed_order_pays_each_vendor_exactly_once_however_its_webhooks_arrive(webhooks):
    acme, globex = onboarded("Acme Plugins"), onboarded("Globex Services", fee_rate_bps=1500)
    vendor_product("MIX-ACME", acme, price=2999)
    vendor_product("MIX-GLX", globex, price=12000)
    vendor_product("MIX-OWN", None, price=5000)  # Quorum's own line stays with Quorum
    order = paid_order(**{"MIX-ACME": 2, "MIX-GLX": 1, "MIX-OWN": 1})
    webhooks.settle()
    session = sdk().v1.checkout.sessions.retrieve(order.payment.checkout_session_id)
    intent = sdk().v1.payment_intents.retrieve(session.payment_intent)
    assert intent.transfer_data is None and intent.application_fee_amount is None  # a separate charge
    assert intent.transfer_group == transfer_group(order.id)

    # the order's events, three more times each, shuffled and concurrent, signed as Stripe signs them
    events = events_for(sdk(), order_id=order.id)
    deliveries = [event for event in events for _ in range(3)]
    random.Random(19).shuffle(deliveries)
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda e: deliver(Client(), e, settings.STRIPE_WEBHOOK_SECRET).status_code, deliveries))
    assert set(codes) == {200}
    completed = next(e for e in events if e["type"] == "checkout.session.completed")
    stored = unit_of_work().stripe_events.get(completed["id"])
    assert stored.attempts == 1 and stored.deliveries >= 4 and "2 vendor payout(s) recorded" in stored.outcome

    def transfers():
        return sdk().v1.transfers.list(params={"transfer_group": transfer_group(order.id)}).data

    made = {t.destination: t for t in transfers()}
    acme_fee, globex_fee = 2 * unit_fee(2999, 1000), unit_fee(12000, 1500)
    assert (acme_fee, globex_fee) == (600, 1800)
    assert len(transfers()) == 2 and made[acme.account_id].amount == 2 * 2999 - 600
    assert made[globex.account_id].amount == 12000 - 1800
    assert all(t.source_transaction == intent.latest_charge for t in made.values())
    recorded = shares(order.id)
    assert {v: (r.kind, r.gross, r.fee, r.transfer_id) for v, r in recorded.items()} == {
        acme.id: ("separate", 5998, 600, made[acme.account_id].id),
        globex.id: ("separate", 12000, 1800, made[globex.account_id].id)}

    # a crash after Stripe's transfer but before our record: the replay finds the transfer, makes no other
    delete(keys.order_pk(order.id), keys.vendor_share_sk(acme.id))
    receipt = webhooks_replay(completed["id"])
    assert receipt.status == 200 and "1 vendor payout(s) recorded" in receipt.body["outcome"]
    assert len(transfers()) == 2 and shares(order.id)[acme.id].transfer_id == made[acme.account_id].id
    assert "recorded already" in webhooks_replay(completed["id"]).body["outcome"]


def webhooks_replay(event_id: str):
    return webhooks.event_process(event_id=event_id, replay=True)


def test_refunding_one_vendors_line_reverses_its_transfer_and_refunds_the_fee_in_proportion(webhooks):
    acme, globex = onboarded("Acme Plugins"), onboarded("Globex Services", fee_rate_bps=1500)
    vendor_product("REF-ACME", acme, price=2999)
    vendor_product("REF-GLX", globex, price=12000)
    order = paid_order(**{"REF-ACME": 2, "REF-GLX": 1})
    webhooks.settle()
    acme_transfer = shares(order.id)[acme.id].transfer_id
    admin = signed_in("ada@quorum.test", "admin")  # the order page shows each vendor's share, fee and transfer
    page = html(admin.get(reverse("ops:order", args=[order.id])))
    for text in ("Acme Plugins", "Globex Services", "$59.98", "$6.00", "$53.98", "$120.00", "$18.00", "$102.00",
                 "Transferred", "separate charge", acme_transfer):
        assert text in page, text
    requested = admin.post(reverse("ops:order_refund_lines", args=[order.id]),
                           {"line:REF-ACME": "1", "line:REF-GLX": "0", "expected_refunds": "0"}, follow=True)
    assert "requested from Stripe" in html(requested)
    webhooks.settle()
    page = html(admin.get(reverse("ops:order", args=[order.id])))
    assert "Partly reversed" in page and "$26.99 reversed, $3.00 fee refunded" in page
    refund = sdk().v1.refunds.list(params={"payment_intent": selectors.order_get(order_id=order.id)
                                           .payment.payment_intent_id}).data[0]
    assert refund.amount == 2999 and refund.metadata[f"vendor_{acme.id}"] == "2999:300"
    after = shares(order.id)
    assert (after[acme.id].refunded, after[acme.id].amount_reversed, after[acme.id].fee_refunded) == (2999, 2699, 300)
    assert after[acme.id].refunds_applied == (refund.id,) and after[acme.id].state == "partially_reversed"
    assert sdk().v1.transfers.retrieve(acme_transfer).amount_reversed == 2699  # 2999 less its unit's 300 fee
    assert after[globex.id].refunded == 0 == sdk().v1.transfers.retrieve(after[globex.id].transfer_id).amount_reversed
    assert selectors.order_get(order_id=order.id).status == "partially_refunded"
    with pytest.raises(Exception, match="by lines"):
        payments.order_refund(order_id=order.id, amount=100)

    payments.order_refund(order_id=order.id)  # the rest: each vendor gives back the rest of its share
    webhooks.settle()
    final = shares(order.id)
    assert (final[acme.id].refunded, final[acme.id].amount_reversed, final[acme.id].fee_refunded) == (5998, 5398, 600)
    assert (final[globex.id].amount_reversed, final[globex.id].fee_refunded) == (10200, 1800)
    assert final[globex.id].state == "reversed" and selectors.order_get(order_id=order.id).status == "refunded"
    assert sdk().v1.transfers.retrieve(final[globex.id].transfer_id).reversed
    vendor_page = html(admin.get(reverse("ops:vendor", args=[acme.id])))  # its month: sales, fee, refunds
    assert all(text in vendor_page for text in ("$59.98", "$6.00", "$53.98", "Reversed")), vendor_page


def invoiced_and_paid(**lines: int):
    from commerce.services import carts, checkout
    from tests.stripe_helpers import pay

    cart = carts.cart_create()
    for sku, quantity in lines.items():
        carts.cart_line_set(cart_id=cart.id, sku=sku, quantity=quantity)
    order = checkout.checkout_start(cart_id=cart.id)
    order = payments.order_invoice(order_id=order.id, account_id="northwind", name="Northwind", email="ap@nw.test",
                                   net_days=30)
    assert pay(order.payment.invoice_url, "4242 4242 4242 4242")[0] in (200, 303)
    return order


def test_invoices_pay_vendors_too_by_destination_or_by_transfers_from_the_invoices_charge(webhooks):
    acme, globex = onboarded("Acme Plugins", fee_rate_bps=1250), onboarded("Globex Services")
    vendor_product("INV-ACME", acme, price=8000)
    vendor_product("INV-GLX", globex, price=3000)
    single = invoiced_and_paid(**{"INV-ACME": 2})
    mixed = invoiced_and_paid(**{"INV-ACME": 1, "INV-GLX": 1})
    webhooks.settle()
    (one,) = shares(single.id).values()
    charge = sdk().v1.charges.retrieve(sdk().v1.transfers.retrieve(one.transfer_id).source_transaction)
    assert (one.kind, one.gross, one.fee) == ("destination", 16000, 2000) and charge.amount == 16000
    assert charge.application_fee_amount == 2000 and sdk().v1.application_fees.retrieve(one.fee_id).amount == 2000
    both = shares(mixed.id)
    assert {v: (r.kind, r.transferred) for v, r in both.items()} == {acme.id: ("separate", 7000),
                                                                       globex.id: ("separate", 2700)}
    sources = {sdk().v1.transfers.retrieve(r.transfer_id).source_transaction for r in both.values()}
    assert len(sources) == 1 and sdk().v1.charges.retrieve(sources.pop()).amount == 11000


def test_the_marketplace_events_reach_the_catch_all_queue_once_each(webhooks, table):
    """Vendor Onboarded, Vendor Transfer Created per vendor, Vendor Transfer Reversed after a refund of one
    vendor's line: on the bus from the stream, to the generic queue only (no deal here), schema-valid."""
    from tests.integration.fanout_helpers import Stream, drain, new_stage, validate

    new_stage()
    stream = Stream.follow(table)
    acme, globex = onboarded("Acme Bus"), onboarded("Globex Bus")
    vendor_product("BUS-ACME", acme, price=1000)
    vendor_product("BUS-GLX", globex, price=2000)
    order = paid_order(**{"BUS-ACME": 1, "BUS-GLX": 1})
    webhooks.settle()
    assert wait_for(lambda: len(shares(order.id)) == 2)
    payments.order_refund(order_id=order.id, lines={"BUS-ACME": 1}, expected_refunds_requested=0)
    webhooks.settle()
    assert wait_for(lambda: shares(order.id)[acme.id].refunded == 1000)
    assert stream.pump()

    marketplace = [e for e in drain("generic") if e["type"].startswith("vendor.")]
    for envelope in marketplace:
        validate(envelope)
    assert sorted((e["type"], e["payload"]["vendor_id"]) for e in marketplace) == sorted([
        ("vendor.onboarded", acme.id), ("vendor.onboarded", globex.id),
        ("vendor.transfer_created", acme.id), ("vendor.transfer_created", globex.id),
        ("vendor.transfer_reversed", acme.id)])
    reversed_ = next(e for e in marketplace if e["type"] == "vendor.transfer_reversed")
    assert reversed_["subject"] == {"kind": "vendor_share", "id": f"{order.id}:{acme.id}",
                                    "position": shares(order.id)[acme.id].version}
    assert reversed_["payload"]["amount_reversed"] == 900 and reversed_["payload"]["fee_refunded"] == 100
    for vendor in ("salesforce", "gong", "clari"):
        assert not [e for e in drain(vendor) if e["type"].startswith("vendor.")], vendor
