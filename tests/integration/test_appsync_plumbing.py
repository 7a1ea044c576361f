"""The realtime plumbing before the gateway: a SigV4-signed publishChannelEvent through the AppSync
simulator reaches an onChannelEvent subscriber (gql's AppSyncWebsocketsTransport, API key)."""
import asyncio
import json
from urllib.parse import urlparse

import pytest
from gql import Client, gql
from gql.transport.appsync_auth import AppSyncApiKeyAuthentication
from gql.transport.appsync_websockets import AppSyncWebsocketsTransport

from commerce.errors import DependencyUnavailable
from realtime import publisher

SUBSCRIPTION_TEXT = """
subscription OnChannelEvent($channel: ID!) {
  onChannelEvent(channel: $channel) { channel seq type occurredAt payload }
}
"""


def _transport(services) -> AppSyncWebsocketsTransport:
    host = urlparse(services.appsync.url).netloc
    return AppSyncWebsocketsTransport(
        url=services.appsync.realtime_url,
        auth=AppSyncApiKeyAuthentication(host=host, api_key=services.appsync.api_key),
        keep_alive_timeout=None,
    )


def _message(channel: str, seq: int) -> publisher.ChannelEvent:
    return publisher.ChannelEvent(
        channel=channel, seq=seq, type="quote.line_set", occurred_at="2026-11-27T10:00:00Z",
        payload={"sku": "SKU-1", "quantity": seq},
    )


def test_published_event_reaches_subscriber(services):
    async def scenario():
        received = []
        async with Client(transport=_transport(services)) as session:
            request = gql(SUBSCRIPTION_TEXT)
            request.variable_values = {"channel": "deal:1"}

            async def listen():
                async for result in session.subscribe(request):
                    received.append(result["onChannelEvent"])
                    if len(received) == 2:
                        return

            listener = asyncio.create_task(listen())
            await asyncio.sleep(0.5)  # the start_ack has arrived once the loop is waiting
            await asyncio.to_thread(publisher.publish, _message("deal:1", 1))
            await asyncio.to_thread(publisher.publish, _message("deal:1", 2))
            await asyncio.wait_for(listener, timeout=10)
        return received

    received = asyncio.run(scenario())
    assert [event["seq"] for event in received] == [1, 2]
    assert received[0]["channel"] == "deal:1"
    assert json.loads(received[1]["payload"]) == {"sku": "SKU-1", "quantity": 2}


def test_api_key_cannot_publish(services):
    """publishChannelEvent is IAM-only: the key the gateway holds can subscribe but not publish."""
    import urllib.request

    body = json.dumps({"query": publisher.MUTATION, "variables": {"event": _message("d", 1).as_input()}}).encode()
    request = urllib.request.Request(services.appsync.url, data=body, method="POST", headers={
        "content-type": "application/json", "x-api-key": services.appsync.api_key})
    with urllib.request.urlopen(request, timeout=5) as response:
        answer = json.loads(response.read())
    assert answer["errors"][0]["errorType"] == "Unauthorized"


def test_publish_to_unreachable_appsync_is_a_clear_error(settings):
    from devstack.process import free_port

    settings.APPSYNC_GRAPHQL_URL = f"http://127.0.0.1:{free_port()}/graphql"
    with pytest.raises(DependencyUnavailable, match="AppSync unreachable"):
        publisher.publish(_message("d", 1), timeout=1)
