"""Conformance: stripe-python's own API examples for the resources Quorum uses (a pinned subset of its test
suite, downloaded from the pinned sdist) run against the emulator. The pass count is printed at the end of the
run; what does not pass must be a refusal the emulator explains, never a crash."""
from devstack.stripe_emulator.conformance.__main__ import run, selection

# Raise when the emulator models more; never lower without saying why in the commit. The 7 not passing:
# 3 requests Stripe itself refuses in this state (an invoice item without amount, deleting a product
# that has prices, canceling a succeeded refund: stripe-mock answers every request with a fixture), 4 options
# the emulator refuses by name (legacy Charges API, shipping options, payment_method_data, currency_options).
PASSING_AT_LEAST = 97


def test_stripe_pythons_own_examples_pass_against_the_emulator():
    result = run()
    assert result["total"] == len(selection()) == 104
    assert result["passed"] >= PASSING_AT_LEAST, result["failed"]
    assert result["passed"] + len(result["failed"]) == result["total"]
    assert all("InvalidRequestError" in reason for reason in result["failed"].values()), result["failed"]
