"""The outbox publisher behind commerce.streams.handle: real stream records from DynamoDB Local's stream,
published to the AppSync simulator; a failure is reported per record so the batch resumes there."""
import threading
import time

from commerce import streams
from dealroom.services.deals import deal_create
from devstack.process import free_port
from devstack.stream_poller import StreamPoller


def read_stream(table: str) -> list[dict]:
    poller = StreamPoller(table=table, from_start=True)
    arn = poller.stream_arn()
    records = []
    for shard in poller.client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = poller.client.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while iterator:
            page = poller.client.get_records(ShardIterator=iterator)
            records += page["Records"]
            if not page["Records"]:
                break
            iterator = page.get("NextShardIterator")
    return records


def test_deal_events_in_the_stream_are_published_and_failures_reported_per_record(table, settings):
    deal_create(account_name="Stream Co", owner="s@q.test", base_url="http://testserver",
                members=(("a@s.test", "legal", "A"), ("b@s.test", "champion", "B")))
    records = read_stream(table)
    deal_events = [r for r in records if streams.entity_of(r) == "DealEvent"]
    assert len(deal_events) == 2 and all(r["eventName"] == "INSERT" for r in deal_events)
    assert "OldImage" in records[-1]["dynamodb"] or "NewImage" in records[-1]["dynamodb"]

    assert streams.handle({"Records": records}) == {"batchItemFailures": []}  # published to the simulator

    settings.APPSYNC_GRAPHQL_URL = f"http://127.0.0.1:{free_port()}/graphql"  # AppSync unreachable
    result = streams.handle({"Records": records})
    first_event = deal_events[0]["dynamodb"]["SequenceNumber"]
    assert result == {"batchItemFailures": [{"itemIdentifier": first_event}]}


def test_poller_follows_new_records(table, monkeypatch):
    seen = []
    poller = StreamPoller(table=table, interval=0.05)
    monkeypatch.setattr(streams, "handle",
                        lambda event, context=None: seen.extend(event["Records"]) or {"batchItemFailures": []})
    thread = threading.Thread(target=poller.run, daemon=True)
    try:
        thread.start()
        assert poller.ready.wait(timeout=10)
        deal_create(account_name="Later Co", owner="s@q.test", base_url="http://testserver")
        deadline = time.monotonic() + 5
        while not any(streams.entity_of(r) == "Deal" for r in seen) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        poller.stop()
        thread.join(timeout=5)
    assert any(streams.entity_of(r) == "Deal" for r in seen)


def test_stock_changes_reach_the_rooms_whose_quote_holds_the_product(table):
    from commerce.services import carts, checkout
    from dealroom.selectors import events_after, room
    from dealroom.services.invites import invite_accept
    from dealroom.services.quote import quote_line_set
    from tests import factories

    factories.product("HOT", stock=10)
    factories.product("COLD", stock=10)
    created = deal_create(account_name="Stock Co", owner="s@q.test", base_url="http://testserver",
                          members=(("tb@s.test", "technical_buyer", "T"),))
    token = created.invites["tb@s.test"].rstrip("/").rsplit("/", 1)[1]
    member = invite_accept(token=token).user
    quote_line_set(deal_id=created.deal.id, user_id=member.id, sku="HOT", quantity=2)
    poller = StreamPoller(table=table)
    poller._refresh_shards(poller.stream_arn())  # follow from here on
    shopper = carts.cart_create()  # another buyer takes 3 units of HOT, and some COLD nobody quotes
    carts.cart_line_set(cart_id=shopper.id, sku="HOT", quantity=3)
    carts.cart_line_set(cart_id=shopper.id, sku="COLD", quantity=1)
    checkout.checkout_start(cart_id=shopper.id)
    records = []
    for _shard, iterator in poller.iterators.items():
        records += poller.client.get_records(ShardIterator=iterator)["Records"]
    assert streams.handle({"Records": records}) == {"batchItemFailures": []}
    events = events_after(deal_id=created.deal.id, user_id=member.id, after=0)
    stock_events = [e["payload"] for e in events if e["type"] == "stock.changed"]
    assert stock_events == [{"sku": "HOT", "available": 7}]
    assert room(deal_id=created.deal.id, user_id=member.id).as_dict()["quote"]["lines"][0]["available"] == 7
