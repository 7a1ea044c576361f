"""A stateful Stripe emulator for the surface Quorum uses, reached only through the official stripe SDK.

Modern API shapes (Checkout Sessions, PaymentIntents, Customers, Subscriptions, Invoice Items, Invoices,
Refunds, Events), Stripe's form encoding and error shape, Idempotency-Key, hosted checkout and invoice
pages that accept test cards, and webhooks signed exactly as Stripe signs them, retried with backoff.
"""
