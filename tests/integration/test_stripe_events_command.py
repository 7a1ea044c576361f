from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from tests.stripe_helpers import deliver


def event(n: int, type_: str = "test.flaky") -> dict:
    return {"id": f"evt_cmd_{n}", "object": "event", "type": type_, "created": n, "data": {"object": {"n": n}}}


def run(*args) -> str:
    out = StringIO()
    call_command("stripe_events", *args, stdout=out)
    return out.getvalue()


def test_list_show_and_replay_failed(table, monkeypatch):
    from commerce.payments import handlers

    broken = {"on": True}

    def flaky(obj):
        if broken["on"]:
            raise ValueError(f"cannot handle {obj['n']}")
        return f"handled {obj['n']}"

    monkeypatch.setitem(handlers.HANDLERS, "test.flaky", flaky)
    client = Client()
    for n in (1, 2):
        assert deliver(client, event(n), settings.STRIPE_WEBHOOK_SECRET).status_code == 500
    assert deliver(client, event(3, "some.other"), settings.STRIPE_WEBHOOK_SECRET).status_code == 200

    listing = run("list")
    assert listing.index("evt_cmd_3") < listing.index("evt_cmd_1")  # newest first
    failed = run("list", "--failed")
    assert "evt_cmd_1" in failed and "evt_cmd_2" in failed and "evt_cmd_3" not in failed
    shown = run("show", "evt_cmd_1")
    assert "ValueError: cannot handle 1" in shown and '"type": "test.flaky"' in shown

    with pytest.raises(CommandError, match="2 event"):
        run("replay", "--failed")
    broken["on"] = False
    replayed = run("replay", "--failed")
    assert "evt_cmd_1: 200 handled 1" in replayed and "evt_cmd_2: 200 handled 2" in replayed
    assert run("list", "--failed").strip() == "no events"
    assert "evt_cmd_3: 200" in run("replay", "--id", "evt_cmd_3")
    with pytest.raises(CommandError, match="no stored Stripe event"):
        run("show", "evt_nope")
