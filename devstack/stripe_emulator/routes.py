"""Every API route of the emulator: importing this module registers them all (router.ROUTES)."""
from __future__ import annotations

from devstack.stripe_emulator import (
    accounts,
    application_fees,
    balance,
    catalog,
    charges,
    checkout,
    customers,
    events_api,
    invoice_items,
    invoice_payments,
    invoices_api,
    onboarding,
    payment_intents,
    payment_methods,
    refunds,
    subscriptions_api,
    transfers,
    webhook_endpoints,
)

MODULES = (accounts, application_fees, balance, catalog, charges, checkout, customers, events_api, invoice_items,
           invoice_payments, invoices_api, onboarding, payment_intents, payment_methods, refunds, subscriptions_api,
           transfers, webhook_endpoints)
