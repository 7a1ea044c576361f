"""The emulator's PaymentMethods through the SDK: a customer's attached cards newest first (with the type
filter), one by id, the platform-wide list by customer, and a deleted customer's list refused as Stripe does."""
import pytest
import stripe


def test_a_customers_payment_methods_list_and_retrieve(services):
    sdk = stripe.StripeClient(services.stripe.secret_key, base_addresses={"api": services.stripe.url},
                              max_network_retries=0)
    customer = sdk.v1.customers.create(params={"email": "pm@emulator.test"})
    sdk.v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": "pm_card_visa"}})
    sdk.v1.customers.update(customer.id, params={"invoice_settings": {
        "default_payment_method": "pm_card_mastercard"}})

    listed = sdk.v1.customers.payment_methods.list(customer.id, params={"type": "card", "limit": 10})
    assert [pm.card.brand for pm in listed.data] == ["mastercard", "visa"] and not listed.has_more
    assert {pm.card.last4 for pm in listed.data} == {"4444", "4242"}
    assert sdk.v1.payment_methods.retrieve(listed.data[0].id).customer == customer.id
    everywhere = sdk.v1.payment_methods.list(params={"customer": customer.id})
    assert [pm.id for pm in everywhere.data] == [pm.id for pm in listed.data]

    sdk.v1.customers.delete(customer.id)
    with pytest.raises(stripe.InvalidRequestError) as missing:
        sdk.v1.customers.payment_methods.list(customer.id)
    assert missing.value.code == "resource_missing"
