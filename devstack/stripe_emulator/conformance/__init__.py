"""Conformance: a pinned subset of stripe-python's own test suite (its generated API examples for the resources
Quorum uses), run against the emulator instead of stripe-mock, with the objects each test names created first.

The suite is never committed here: the install step (or the runner, when missing) downloads the pinned sdist
(requirements-conformance.txt, hash-checked) into .devstack/conformance/. `python -m
devstack.stripe_emulator.conformance` prints the pass count and writes it to .devstack/conformance/result.json."""
