"""The TTL safety net: a held reservation deleted by TTL (the sweeper never ran) releases its order once.

The REMOVE records are real ones from DynamoDB Local's stream; DynamoDB Local does not run TTL, so the
test deletes the items itself and adds the `userIdentity` AWS puts on TTL deletions."""
from commerce import streams
from commerce.services import selectors
from tests import factories
from tests.integration.test_reservations import levels, place_order
from tests.integration.test_streams import read_stream
from tests.table import delete, reservation_keys

TTL_IDENTITY = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}


def removals(table: str) -> list[dict]:
    return [r for r in read_stream(table) if r["eventName"] == "REMOVE" and streams.entity_of(r) == "Reservation"]


def test_ttl_deleted_held_reservations_release_their_order_once(table, settings):
    factories.product("A", stock=10)
    factories.product("B", stock=10)
    settings.CHECKOUT_HOLD_SECONDS = 0  # the hold has passed, as it long has when TTL deletes
    order = place_order(A=3, B=2)
    assert levels("A") == (10, 3, 7)
    for sku in ("A", "B"):
        delete(*reservation_keys(sku, order.id))
    records = [dict(r, userIdentity=TTL_IDENTITY) for r in removals(table)]
    assert len(records) == 2

    # each deletion delivered twice, as a retried stream batch may
    assert streams.handle({"Records": records + records}) == {"batchItemFailures": []}
    assert selectors.order_get(order_id=order.id).status == "expired"
    assert levels("A") == (10, 0, 10) and levels("B") == (10, 0, 10)


def test_deletions_that_are_not_ttl_or_not_held_change_nothing(table, settings):
    factories.product("A", stock=10)
    settings.CHECKOUT_HOLD_SECONDS = 0
    order = place_order(A=4)
    delete(*reservation_keys("A", order.id))
    (record,) = removals(table)
    assert streams.handle({"Records": [record]}) == {"batchItemFailures": []}  # a person's delete, not TTL
    assert selectors.order_get(order_id=order.id).status == "pending_payment"
    assert levels("A") == (10, 4, 6)

    released = dict(record, userIdentity=TTL_IDENTITY)
    released["dynamodb"] = dict(record["dynamodb"], OldImage=dict(record["dynamodb"]["OldImage"],
                                                                   status={"S": "released"}))
    assert streams.handle({"Records": [released]}) == {"batchItemFailures": []}
    assert levels("A") == (10, 4, 6)
