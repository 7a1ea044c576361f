"""/healthz against the real DynamoDB Local and AppSync simulator."""
from django.test import Client

from devstack.process import free_port


def test_all_dependencies_up(table):
    response = Client().get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["dynamodb"]["status"] == "up"
    assert body["checks"]["appsync"]["status"] == "up"
    assert body["checks"]["dynamodb"]["latency_ms"] > 0


def test_appsync_down_is_503_naming_it(table, settings):
    settings.APPSYNC_GRAPHQL_URL = f"http://127.0.0.1:{free_port()}/graphql"
    settings.HEALTH_TIMEOUT_SECONDS = 0.5
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["appsync"]
    assert body["checks"]["dynamodb"]["status"] == "up"
    assert "refused" in body["checks"]["appsync"]["error"].lower()


def test_missing_table_is_503_naming_dynamodb(table, settings, services):
    from commerce.persistence import base

    base.bind(table_name="quorum-no-such-table", endpoint_url=services.dynamodb.url, region="us-east-1")
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["dynamodb"]
    assert "ResourceNotFound" in response.json()["checks"]["dynamodb"]["error"]


def test_eventbridge_and_sqs_are_checked_and_a_missing_bus_or_queue_is_named(table, settings):
    body = Client().get("/healthz").json()
    assert body["checks"]["eventbridge"]["status"] == "up" and body["checks"]["sqs"]["status"] == "up"
    settings.INTEGRATIONS_STAGE = "never-provisioned"  # no bus, no queues under that name
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["down"] == ["eventbridge", "sqs"]
