"""A stateful Stripe emulator for the surface Quorum uses, reached only through the official stripe SDK
(set its API base). docs/stripe-emulator.md lists what it models; in short:

- Wire: Stripe's form encoding, its error shape, parameters checked against the SDK's generated request types
  (unknown -> "Received unknown parameter", bad types/enums/currencies -> 400 with `param`, malformed -> 400),
  options Stripe has but the emulator does not model refused by name; Idempotency-Key (24 h, failed
  validation not stored); Stripe-Account; expand[]; list pagination and /search.
- Objects with every property Stripe returns (shapes.py, from the SDK's typed resources): Customers (delete as
  Stripe does), Products, Prices, PaymentMethods (test ids), PaymentIntents (confirm, capture, cancel, card
  errors), Charges, Refunds, Checkout Sessions (stored Prices or price_data; hosted page), Invoice Items,
  Invoices (hosted page), Subscriptions (Stripe's lifecycle), Events, Webhook Endpoints, Balance and Balance
  Transactions; Connect: Accounts, Account Links (hosted onboarding), Transfers and reversals, Application Fees
  and refunds, destination and direct charges.
- Webhooks signed as Stripe signs, retried with backoff, `ordered` or `shuffled` (duplicated, reordered);
  Connect events (with `account`) to their own endpoint and secret.
- State kept in a JSON file across restarts (--state), in memory otherwise.
"""
