"""pytest plugin loaded into stripe-python's own test run: before each example, a fresh emulator state with the
objects that example names (world.py)."""
from __future__ import annotations

import os

import pytest

from devstack.stripe_emulator.conformance.world import World


@pytest.fixture(autouse=True)
def emulator_world(request):
    world = World(f"http://{os.environ['STRIPE_MOCK_HOST']}:{os.environ['STRIPE_MOCK_PORT']}",
                  os.environ["CONFORMANCE_API_KEY"])
    world.build(request.node.name)
    yield
