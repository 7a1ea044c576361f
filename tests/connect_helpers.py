"""Marketplace test arrangements, all through Quorum's services and the emulator's hosted pages: vendors onboarded
on Stripe's onboarding page, their products, orders paid on the hosted checkout; and the Connect webhook
endpoint (`connect_webhooks`), registered with the emulator next to the `webhooks` fixture's."""
from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Optional

import pytest
from django.conf import settings

from commerce.domain.catalog import Product
from commerce.domain.money import Money
from commerce.domain.vendors import Vendor
from commerce.payments import stripe_gateway
from commerce.services import carts, checkout, payments, product_admin, vendors
from tests.conftest import Webhooks
from tests.stripe_helpers import pay

STAFF = "ops@quorum.test"


@pytest.fixture(scope="module")
def connect_webhooks(webhooks) -> Iterator[Webhooks]:
    """The same in-process site, registered as a Connect endpoint (`connect=true`: events of connected
    accounts only); STRIPE_CONNECT_WEBHOOK_SECRET is that endpoint's secret meanwhile."""
    url = webhooks.url.replace("/stripe/webhook/", "/stripe/connect/webhook/")
    client = stripe_gateway.client()
    endpoint = client.v1.webhook_endpoints.create(params={"url": url, "enabled_events": ["*"], "connect": True})
    previous = settings.STRIPE_CONNECT_WEBHOOK_SECRET
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = endpoint.secret
    hooks = Webhooks(url=url, endpoint_id=endpoint.id, secret=endpoint.secret, stripe_url=webhooks.stripe_url)
    try:
        yield hooks
    finally:
        client.v1.webhook_endpoints.delete(endpoint.id)
        hooks.settle()
        settings.STRIPE_CONNECT_WEBHOOK_SECRET = previous


def follow(url: str, data: Optional[dict] = None) -> tuple[int, str]:
    """GET or POST a hosted page without following its redirect: (status, Location or body)."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with urllib.request.build_opener(NoRedirect).open(urllib.request.Request(url, data=body), timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location") or exc.read().decode()


def new_vendor(name: str, *, fee_rate_bps: Optional[int] = None) -> Vendor:
    vendor = vendors.vendor_create(name=name, email=f"{name.split()[0].lower()}@vendors.test",
                                   fee_rate_bps=fee_rate_bps, actor=STAFF)
    return vendors.vendor_account_ensure(vendor_id=vendor.id, actor=STAFF)


def complete_onboarding(vendor: Vendor) -> None:
    url = vendors.vendor_onboarding_link(vendor_id=vendor.id, return_url="http://shop.test/back",
                                         refresh_url="http://shop.test/again", actor=STAFF)
    assert follow(url, {"action": "complete", "business_name": vendor.name}) == (303, "http://shop.test/back")


def wait_for(check, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def onboarded(name: str, *, fee_rate_bps: Optional[int] = None) -> Vendor:
    """A vendor whose account can take charges: onboarding completed, the account read back as the admin does
    on the return from onboarding (its `account.updated` webhook arrives too; test_connect_payouts.py waits
    for that path)."""
    vendor = new_vendor(name, fee_rate_bps=fee_rate_bps)
    complete_onboarding(vendor)
    assert vendors.vendor_account_sync(account_id=vendor.account_id, vendor_id=vendor.id) == "charges enabled"
    return vendors.vendor_get(vendor_id=vendor.id)


def vendor_product(sku: str, vendor: Optional[Vendor], *, price: int, stock: int = 50, active: bool = True) -> Product:
    product = Product(sku=sku, name=f"Product {sku}", category="plugins", unit_price=Money(price, "usd"),
                      vendor_id=vendor.id if vendor else None, active=active)
    return product_admin.product_create(product=product, on_hand=stock, actor=STAFF)


def paid_order(**lines: int):
    """A shopper's order of these lines, paid by card on the hosted checkout page."""
    cart = carts.cart_create()
    for sku, quantity in lines.items():
        carts.cart_line_set(cart_id=cart.id, sku=sku, quantity=quantity)
    order = checkout.checkout_start(cart_id=cart.id)
    order = payments.order_checkout_session(order_id=order.id, success_url="http://shop.test/ok?paid=1",
                                            cancel_url="http://shop.test/ok")
    status, location = pay(order.payment.checkout_url, "4242 4242 4242 4242")
    assert status == 303, location
    return order
