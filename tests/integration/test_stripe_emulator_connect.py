"""Stripe Connect in the emulator (issue 19, item 5 and the emulator side of item 4): accounts, hosted
onboarding, destination charges with application fees, transfers with reversals, refunds that reverse the
transfer and refund the fee in proportion, the Stripe-Account header, Connect webhooks on their own endpoint."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import stripe

from devstack.process import free_port
from tests.connect_helpers import follow
from tests.emulator_helpers import own_emulator


def onboarded(client) -> str:
    account = client.v1.accounts.create(params={"type": "express", "email": "vendor@x.test"})
    link = client.v1.account_links.create(params={"account": account.id, "type": "account_onboarding",
                                                  "refresh_url": "http://shop.test/refresh",
                                                  "return_url": "http://shop.test/return"})
    assert follow(link.url, {"action": "complete"}) == (303, "http://shop.test/return")
    return account.id


class Receiver:
    def __init__(self) -> None:
        self.received: list[tuple[str, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((self.path, self.headers["Stripe-Signature"], body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


def test_onboarding_completes_or_abandons_and_connect_events_go_to_their_own_endpoint():
    receiver = Receiver()
    try:
        with own_emulator(webhook_url=receiver.url + "/account", webhook_secret="whsec_acct",
                          connect_webhook_url=receiver.url + "/connect", connect_webhook_secret="whsec_conn") \
                as (emulator, client):
            account = client.v1.accounts.create(params={"type": "express", "email": "v@x.test"})
            assert (account.charges_enabled, account.payouts_enabled, account.details_submitted) == (False,) * 3
            assert account.requirements.currently_due and account.capabilities.to_dict() == {
                "card_payments": "inactive", "transfers": "inactive"}
            params = {"account": account.id, "type": "account_onboarding", "refresh_url": "http://shop.test/refresh",
                      "return_url": "http://shop.test/return"}
            left = client.v1.account_links.create(params=params)
            assert follow(left.url)[0] == 200
            assert follow(left.url, {"action": "abandon"}) == (303, "http://shop.test/refresh")
            assert follow(left.url) == (303, "http://shop.test/refresh")  # a used link sends to refresh_url
            assert client.v1.accounts.retrieve(account.id).charges_enabled is False
            done = client.v1.account_links.create(params=params)
            assert done.expires_at - done.created == 300
            assert follow(done.url, {"action": "complete", "business_name": "Vendor Ltd"}) == \
                (303, "http://shop.test/return")
            ready = client.v1.accounts.retrieve(account.id)
            assert (ready.charges_enabled, ready.payouts_enabled, ready.details_submitted) == (True,) * 3
            assert ready.requirements.currently_due == [] and ready.capabilities.transfers == "active"
            assert account.id in {a.id for a in client.v1.accounts.list().data}
            client.v1.accounts.update(account.id, params={"metadata": {"vendor": "v1"}})
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not any(p == "/connect" for p, _, _ in receiver.received):
                time.sleep(0.05)
        connect = [(sig, json.loads(body)) for path, sig, body in receiver.received if path == "/connect"]
        assert connect and all(event["account"] == account.id for _, event in connect)
        sig, event = connect[0]
        assert event["type"] == "account.updated" and event["data"]["previous_attributes"]["charges_enabled"] is False
        stripe.WebhookSignature.verify_header(json.dumps(event, indent=2), sig, "whsec_conn", tolerance=300)
        assert all("account" not in json.loads(body) for path, _, body in receiver.received if path == "/account")
    finally:
        receiver.server.shutdown()


def test_destination_charge_transfer_fee_and_proportional_refund():
    with own_emulator() as (emulator, client):
        vendor = onboarded(client)
        intent = client.v1.payment_intents.create(params={
            "amount": 10000, "currency": "usd", "payment_method": "pm_card_visa", "confirm": True,
            "transfer_data": {"destination": vendor}, "application_fee_amount": 1230, "transfer_group": "order-1"})
        charge = client.v1.charges.retrieve(intent.latest_charge).to_dict()
        transfer = client.v1.transfers.retrieve(charge["transfer"])
        fee = client.v1.application_fees.retrieve(charge["application_fee"])
        assert (transfer.amount, transfer.destination, transfer.source_transaction, transfer.transfer_group) == \
            (10000, vendor, charge["id"], "order-1")
        assert (fee.amount, fee.account, fee.originating_transaction) == (1230, vendor, charge["id"])
        payment = client.v1.charges.retrieve(transfer.destination_payment, options={"stripe_account": vendor})
        txn = client.v1.balance_transactions.retrieve(payment.balance_transaction, options={"stripe_account": vendor})
        assert (txn.amount, txn.fee, txn.net) == (10000, 1230, 8770)
        with pytest.raises(stripe.InvalidRequestError):  # the platform's charge is not the vendor's
            client.v1.charges.retrieve(charge["id"], options={"stripe_account": vendor})
        refund = client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 2500,
                                                  "reverse_transfer": True, "refund_application_fee": True})
        transfer = client.v1.transfers.retrieve(transfer.id)
        fee = client.v1.application_fees.retrieve(fee.id)
        assert transfer.amount_reversed == 2500 and refund.transfer_reversal == transfer.reversals.data[0].id
        assert fee.amount_refunded == 308  # 1230 * 2500 / 10000 = 307.5, rounded half up
        assert client.v1.application_fees.refunds.list(fee.id).data[0].amount == 308
        types = {e.type for e in client.v1.events.list(params={"limit": 30}).data}
        assert {"transfer.created", "application_fee.created", "transfer.reversed", "application_fee.refunded"} <= types


def test_connect_errors_match_stripes():
    with own_emulator() as (emulator, client):
        pending = client.v1.accounts.create(params={"type": "express"})
        with pytest.raises(stripe.InvalidRequestError) as not_ready:
            client.v1.payment_intents.create(params={"amount": 1000, "currency": "usd",
                                                     "transfer_data": {"destination": pending.id}})
        assert not_ready.value.code == "insufficient_capabilities_for_transfer"
        with pytest.raises(stripe.InvalidRequestError) as no_fee_target:
            client.v1.payment_intents.create(params={"amount": 1000, "currency": "usd", "application_fee_amount": 10})
        assert no_fee_target.value.param == "application_fee_amount"
        with pytest.raises(stripe.InvalidRequestError) as no_such:
            client.v1.transfers.create(params={"amount": 100, "currency": "usd", "destination": "acct_missing"})
        assert no_such.value.param == "destination"
        vendor = onboarded(client)
        with pytest.raises(stripe.InvalidRequestError) as funds:
            client.v1.transfers.create(params={"amount": 100, "currency": "usd", "destination": vendor})
        assert funds.value.code == "balance_insufficient"
        plain = client.v1.payment_intents.create(params={"amount": 1000, "currency": "usd", "confirm": True,
                                                         "payment_method": "pm_card_visa"})
        with pytest.raises(stripe.InvalidRequestError) as not_destination:
            client.v1.refunds.create(params={"payment_intent": plain.id, "reverse_transfer": True})
        assert not_destination.value.param == "reverse_transfer"
        with pytest.raises(stripe.PermissionError):  # 403: no access to that account
            client.v1.customers.list(options={"stripe_account": "acct_nobody"})


def test_separate_charges_and_transfers_with_a_transfer_group():
    with own_emulator() as (emulator, client):
        first, second = onboarded(client), onboarded(client)
        intent = client.v1.payment_intents.create(params={"amount": 9000, "currency": "usd", "confirm": True,
                                                          "payment_method": "pm_card_visa", "transfer_group": "o-7"})
        made = [client.v1.transfers.create(params={"amount": amount, "currency": "usd", "destination": account,
                                                   "transfer_group": "o-7", "source_transaction": intent.latest_charge},
                                           options={"idempotency_key": f"o-7-{account}"})
                for account, amount in ((first, 4000), (second, 3000))]
        again = client.v1.transfers.create(params={"amount": 4000, "currency": "usd", "destination": first,
                                                   "transfer_group": "o-7", "source_transaction": intent.latest_charge},
                                           options={"idempotency_key": f"o-7-{first}"})
        assert again.id == made[0].id
        group = client.v1.transfers.list(params={"transfer_group": "o-7"}).data
        assert {t.id for t in group} == {t.id for t in made}
        with pytest.raises(stripe.InvalidRequestError) as too_much:
            client.v1.transfers.create(params={"amount": 2001, "currency": "usd", "destination": second,
                                               "source_transaction": intent.latest_charge})
        assert too_much.value.param == "amount"
        reversal = client.v1.transfers.reversals.create(made[1].id, params={"amount": 1000})
        assert reversal.amount == 1000 and client.v1.transfers.retrieve(made[1].id).amount_reversed == 1000
        vendor_balance = client.v1.balance.retrieve(options={"stripe_account": second})
        assert sum(row.amount for row in vendor_balance.available + vendor_balance.pending) == 2000


def test_checkout_and_invoices_make_destination_charges():
    with own_emulator() as (emulator, client):
        vendor = onboarded(client)
        session = client.v1.checkout.sessions.create(params={
            "mode": "payment", "success_url": "http://shop.test/ok", "line_items": [{"quantity": 1, "price_data": {
                "currency": "usd", "unit_amount": 5000, "product_data": {"name": "Plugin"}}}],
            "payment_intent_data": {"transfer_data": {"destination": vendor}, "application_fee_amount": 500,
                                    "transfer_group": "o-9"}})
        assert follow(session.url, {"card_number": "4242424242424242"})[0] == 303
        intent = client.v1.payment_intents.retrieve(client.v1.checkout.sessions.retrieve(session.id).payment_intent)
        assert intent.transfer_data.destination == vendor and intent.application_fee_amount == 500
        assert intent.transfer_group == "o-9"
        customer = client.v1.customers.create(params={"email": "ap@x.test"})
        invoice = client.v1.invoices.create(params={"customer": customer.id, "transfer_data": {"destination": vendor},
                                                    "application_fee_amount": 300})
        client.v1.invoice_items.create(params={"customer": customer.id, "invoice": invoice.id, "amount": 3000,
                                               "currency": "usd"})
        client.v1.invoices.pay(invoice.id, params={"payment_method": "pm_card_visa"})
        fees = client.v1.application_fees.list().data
        assert sorted(f.amount for f in fees) == [300, 500] and {f.account for f in fees} == {vendor}


def test_invoice_payments_name_the_payment_intent_that_paid_an_invoice():
    """This API version links an invoice to its charge only through Invoice Payments (Quorum finds a paid
    invoice's charge this way: a destination charge's transfer, or the source of a separate transfer)."""
    with own_emulator() as (emulator, client):
        vendor = onboarded(client)
        customer = client.v1.customers.create(params={"email": "ap@x.test"})
        invoice = client.v1.invoices.create(params={"customer": customer.id, "transfer_data": {"destination": vendor},
                                                    "application_fee_amount": 450})
        client.v1.invoice_items.create(params={"customer": customer.id, "invoice": invoice.id, "amount": 4500,
                                               "currency": "usd"})
        assert client.v1.invoice_payments.list(params={"invoice": invoice.id}).data == []
        with pytest.raises(stripe.CardError):
            client.v1.invoices.pay(invoice.id, params={"payment_method": "pm_card_chargeDeclined"})
        client.v1.invoices.pay(invoice.id, params={"payment_method": "pm_card_visa"})
        payments = client.v1.invoice_payments.list(params={"invoice": invoice.id}).data
        assert sorted(p.status for p in payments) == ["open", "paid"]
        (paid,) = client.v1.invoice_payments.list(params={"invoice": invoice.id, "status": "paid"}).data
        assert paid.amount_paid == 4500 and paid.payment.type == "payment_intent" and paid.invoice == invoice.id
        assert client.v1.invoice_payments.retrieve(paid.id).payment.payment_intent == paid.payment.payment_intent
        intent = client.v1.payment_intents.retrieve(paid.payment.payment_intent)
        charge = client.v1.charges.retrieve(intent.latest_charge)
        assert client.v1.transfers.retrieve(charge.transfer).destination == vendor
        assert client.v1.application_fees.retrieve(charge.application_fee).amount == 450
        with pytest.raises(stripe.InvalidRequestError):
            client.v1.invoice_payments.retrieve("inpay_missing")
