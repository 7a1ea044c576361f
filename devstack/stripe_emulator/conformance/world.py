"""The objects stripe-python's examples name (cus_xxxxxxxxxxxxx, in_xxxxxxxxxxxxx...), created through the API
before each example and renamed to those ids. What state each needs depends on the example (an invoice to
void must be open, a PaymentIntent to capture must be authorised), so `build(test_name)` decides."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import stripe

X = "xxxxxxxxxxxxx"


class World:
    def __init__(self, api_base: str, api_key: str) -> None:
        self.base = api_base
        self.client = stripe.StripeClient(api_key, base_addresses={"api": api_base}, max_network_retries=0)

    def _post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def rename(self, old: str, new: str) -> None:
        self._post("/_emulator/rename", {"from": old, "to": new})

    def reset(self) -> None:
        self._post("/_emulator/reset", {})

    def _onboard(self, account_id: str) -> None:
        link = self.client.v1.account_links.create(params={"account": account_id, "type": "account_onboarding",
                                                           "refresh_url": "http://x/r", "return_url": "http://x/ok"})
        data = urllib.parse.urlencode({"action": "complete"}).encode()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        try:
            urllib.request.build_opener(NoRedirect).open(urllib.request.Request(link.url, data=data), timeout=10)
        except urllib.error.HTTPError:
            pass  # the 303 to return_url

    def build(self, test: str) -> None:
        """Return to the state this test needs: built once per kind of test, then restored from a snapshot."""
        variant = "-".join(word for word in ("subscription", "capture", "send", "void", "mark_uncollectible")
                           if word in test) or "plain"
        try:
            self._post("/_emulator/restore", {"name": variant})
            return
        except urllib.error.HTTPError as exc:
            if exc.code != 404:
                raise
        self._build(test)
        self._post("/_emulator/snapshot", {"name": variant})

    def _build(self, test: str) -> None:
        v1 = self.client.v1
        self.reset()
        recurring = "subscription" in test
        v1.products.create(params={"id": f"prod_{X}", "name": "Gold Special"})
        price = v1.prices.create(params={"product": f"prod_{X}", "currency": "usd", "unit_amount": 2000,
                                         **({"recurring": {"interval": "month"}} if recurring else {})})
        self.rename(price.id, f"price_{X}")
        customer = v1.customers.create(params={"email": "jenny.rosen@example.com", "name": "fakename",
                                               "metadata": {"foo": "bar"}})
        self.rename(customer.id, f"cus_{X}")
        v1.customers.update(f"cus_{X}", params={"invoice_settings": {"default_payment_method": "pm_card_visa"}})
        account = v1.accounts.create(params={"type": "express", "email": "vendor@example.com"})
        self.rename(account.id, f"acct_{X}")
        self._onboard(f"acct_{X}")
        self._payments(test)
        self._billing(test)
        for session_id in (f"cs_test_{X}", "sess_xyz"):
            session = v1.checkout.sessions.create(params={"mode": "subscription" if recurring else "payment",
                                                          "success_url": "https://example.com/success",
                                                          "line_items": [{"price": f"price_{X}", "quantity": 1}]})
            self.rename(session.id, session_id)
        endpoint = v1.webhook_endpoints.create(params={"url": "https://example.com/hook", "enabled_events": ["*"]})
        self.rename(endpoint.id, f"we_{X}")
        event = v1.events.list(params={"limit": 1}).data[0]
        self.rename(event.id, f"evt_{X}")

    def _payments(self, test: str) -> None:
        v1 = self.client.v1
        v1.payment_intents.create(params={"amount": 50000, "currency": "usd", "confirm": True,  # available funds
                                          "payment_method": "pm_card_bypassPending"})
        paid = v1.payment_intents.create(params={
            "amount": 10000, "currency": "usd", "payment_method": "pm_card_bypassPending", "confirm": True,
            "transfer_data": {"destination": f"acct_{X}"}, "application_fee_amount": 1000,
            "metadata": {"order_id": "6735"}})
        charge = v1.charges.retrieve(paid.latest_charge).to_dict()
        self.rename(charge["id"], f"ch_{X}")
        self.rename(charge["transfer"], f"tr_{X}")
        self.rename(charge["application_fee"], f"fee_{X}")
        self.rename(charge["balance_transaction"], f"txn_{X}")
        refund = v1.refunds.create(params={"charge": f"ch_{X}", "amount": 1000})
        self.rename(refund.id, f"re_{X}")
        fee_refund = v1.application_fees.refunds.create(f"fee_{X}", params={"amount": 100})
        self.rename(fee_refund.id, f"fr_{X}")
        reversal = v1.transfers.reversals.create(f"tr_{X}", params={"amount": 100})
        self.rename(reversal.id, f"trr_{X}")
        manual = "capture" in test
        intent = v1.payment_intents.create(params={
            "amount": 2000, "currency": "usd", "metadata": {"order_id": "6735"},
            **({"capture_method": "manual", "payment_method": "pm_card_visa", "confirm": True} if manual else {})})
        self.rename(intent.id, f"pi_{X}")

    def _billing(self, test: str) -> None:
        v1 = self.client.v1
        send = "send" in test
        invoice = v1.invoices.create(params={"customer": f"cus_{X}", "metadata": {"order_id": "6735"},
                                             **({"collection_method": "send_invoice", "days_until_due": 30}
                                                if send else {})})
        item = v1.invoice_items.create(params={"customer": f"cus_{X}", "invoice": invoice.id, "amount": 2000,
                                               "currency": "usd"})
        if "void" in test or "mark_uncollectible" in test:
            v1.invoices.finalize_invoice(invoice.id)
        self.rename(invoice.id, f"in_{X}")
        self.rename(item.id, f"ii_{X}")
        if "subscription" in test:
            second = v1.prices.create(params={"product": f"prod_{X}", "currency": "usd", "unit_amount": 500,
                                              "recurring": {"interval": "month"}})
            sub = v1.subscriptions.create(params={"customer": f"cus_{X}", "default_payment_method": "pm_card_visa",
                                                  "items": [{"price": f"price_{X}"}, {"price": second.id}]})
            self.rename(sub["items"].data[0].id, f"si_{X}")
            self.rename(sub.id, f"sub_{X}")
