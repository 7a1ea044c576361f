"""Every event type, for every committee role: a member sees exactly the fields their audience allows
(prices only where the deal lets their role see prices), never a staff-only field; staff see all."""
from __future__ import annotations

import dataclasses
import typing

import pytest

import dealroom.domain.events  # noqa: F401  (registers the deal events)
from commerce.domain import order_events  # noqa: F401  (registers commerce's)
from commerce.domain.events import MEMBERS, PRICES, STAFF, Event, registry
from dealroom.domain.deals import ROLES, Deal
from dealroom.domain.events import Committed
from dealroom.visibility import audience_of

SAMPLES = {str: "value", int: 7, bool: True, dict: {"amount": 123, "currency": "usd"}}


def sample(cls: type[Event]) -> Event:
    """An instance with every field set (no defaults left), so every field is there to leak."""
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        kind = hints[f.name]
        options = [a for a in typing.get_args(kind) if a is not type(None)] or [kind]
        base = typing.get_origin(options[0]) or options[0]
        values[f.name] = ("a", "b") if base is tuple else SAMPLES[base]
    return cls(**values)


DEAL = Deal(id="d" * 20, account_name="Acme", stage="proposal", currency="usd", expected_value=0, owner="s",
            cart_id="c" * 20, version=1, created_at=0)


@pytest.mark.parametrize("event_type", sorted(registry()))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_its_audiences_fields(event_type, role):
    cls = registry()[event_type]
    event = sample(cls)
    audiences = cls.audiences()
    shown = event.as_payload(audience_of(DEAL, role))
    allowed = {MEMBERS, PRICES} if DEAL.can_see_prices(role) else {MEMBERS}
    assert set(shown) == {name for name, audience in audiences.items() if audience in allowed}
    assert not {name for name, audience in audiences.items() if audience == STAFF} & set(shown)
    if not DEAL.can_see_prices(role):
        assert not {name for name, audience in audiences.items() if audience == PRICES} & set(shown)
    committed = Committed(deal_id=DEAL.id, seq=1, type=event_type, actor="x", at=0, event=event)
    assert committed.as_dict(audience_of(DEAL, role))["payload"] == shown


@pytest.mark.parametrize("event_type", sorted(registry()))
def test_staff_see_every_field_and_each_type_is_named_for_people(event_type):
    cls = registry()[event_type]
    assert set(sample(cls).as_payload(STAFF)) == {f.name for f in dataclasses.fields(cls)}
    assert cls.LABEL and cls.DETAIL_TYPE and cls.SOURCE.startswith("quorum.") and cls.VERSION >= 1
    assert sample(cls).summary()


def test_a_field_without_an_audience_is_refused():
    @dataclasses.dataclass(frozen=True)
    class Leaky(Event):
        discount_amount: int = 0

    with pytest.raises(TypeError, match="declares no audience"):
        Leaky().as_payload(MEMBERS)


def test_prices_follow_the_deals_policy_not_the_role_name():
    only_legal = dataclasses.replace(DEAL, price_roles=("legal",))
    assert audience_of(only_legal, "legal") == PRICES and audience_of(only_legal, "economic_buyer") == MEMBERS
