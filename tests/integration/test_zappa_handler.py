"""Zappa's Lambda handler is Quorum's one entry point on Lambda: API Gateway REST (v1) and HTTP API / function
URL (v2) events, DynamoDB stream batches (routed by eventSourceARN, partial failures reported) and the
scheduled reservation sweep.

The settings module is the one `zappa save-python-settings-file dev` writes from zappa_settings.json, so
the stage's environment (production mode, Django DEBUG off) applies; the handler runs in a fresh
interpreter (as on Lambda) against the session's DynamoDB Local and AppSync simulator.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration import lambda_events

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def zappa_settings_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zappa")
    zappa = Path(sys.executable).with_name("zappa")
    subprocess.run([str(zappa), "save-python-settings-file", "dev", "-o", str(out / "zappa_settings.py")],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    assert "DJANGO_SETTINGS='config.settings'" in (out / "zappa_settings.py").read_text()
    return out


@pytest.fixture
def stage_table(services, table):
    """The dev stage names its table (DYNAMODB_TABLE=quorum-dev in zappa_settings.json); create it."""
    from commerce.persistence import base
    from commerce.persistence.table_sync import table_sync

    stage = json.loads((ROOT / "zappa_settings.json").read_text())["dev"]["environment_variables"]["DYNAMODB_TABLE"]
    base.bind(table_name=stage, endpoint_url=services.dynamodb.url, region="us-east-1")
    table_sync(client=base.boto3_client(), table_name=stage)
    yield stage
    base.boto3_client().delete_table(TableName=stage)


def _handle(zappa_settings_dir: Path, services, table: str, events: list[dict], **extra_env: str) -> list[dict]:
    env = {
        **os.environ,
        **services.env(table),
        "SECRET_KEY": "zappa-test-secret-" + "x" * 40,
        "ALLOWED_HOSTS": lambda_events.HOST,
        "AWS_ACCESS_KEY_ID": "quorumlocal",
        "AWS_SECRET_ACCESS_KEY": "quorumlocal",
        "ZAPPA_DRIVER_LOCAL": "APPSYNC_GRAPHQL_URL,INTEGRATIONS_STAGE",  # the session's bus on moto
        **extra_env,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "integration" / "zappa_driver.py"), str(zappa_settings_dir)],
        input=json.dumps(events), env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("ZAPPA-RESPONSES "))
    return json.loads(line.removeprefix("ZAPPA-RESPONSES "))


def test_healthz_and_api_for_rest_and_http_api_events(zappa_settings_dir, services, stage_table):
    events = [
        lambda_events.rest_v1("GET", "/healthz"),
        lambda_events.http_v2("GET", "/healthz"),
        lambda_events.rest_v1("GET", "/api/meta"),
        lambda_events.http_v2("GET", "/api/meta"),
        lambda_events.http_v2("GET", "/api/no-such-route"),
    ]
    v1_health, v2_health, v1_api, v2_api, v2_missing = _handle(zappa_settings_dir, services, stage_table, events)

    for response in (v1_health, v2_health):
        assert response["statusCode"] == 200, response
        body = json.loads(response["body"])
        assert body["checks"]["dynamodb"]["status"] == "up"
        assert body["checks"]["appsync"]["status"] == "up"
    assert v1_health["multiValueHeaders"]["Content-Type"] == ["application/json"]

    for response in (v1_api, v2_api):
        assert response["statusCode"] == 200, response
        assert json.loads(response["body"]) == {"service": "quorum", "api_version": "1"}
    assert v2_missing["statusCode"] == 404


def test_unknown_host_is_refused_in_production_mode(zappa_settings_dir, services, stage_table):
    event = lambda_events.http_v2("GET", "/healthz")
    event["headers"]["host"] = "evil.example"
    (response,) = _handle(zappa_settings_dir, services, stage_table, [event])
    assert response["statusCode"] == 400


def _dev_events() -> list[dict]:
    return json.loads((ROOT / "zappa_settings.json").read_text())["dev"]["events"]


def test_stream_batches_reach_the_outbox_with_partial_failures(zappa_settings_dir, services, stage_table):
    from commerce import streams
    from dealroom.services.deals import deal_create
    from devstack.process import free_port
    from tests.integration.test_streams import read_stream

    (stream_source,) = [e for e in _dev_events() if "event_source" in e]
    assert stream_source["function"] == "commerce.streams.handle"
    deal_create(account_name="Lambda Co", owner="l@q.test", base_url="http://testserver",
                members=(("a@l.test", "legal", "A"),))
    # AWS delivers the mapped stream's records with the stream's ARN, which is how Zappa routes them
    # (and with the stream's ARN and epoch-second timestamps, as the Lambda service sends them)
    records = [dict(r, eventSourceARN=stream_source["event_source"]["arn"],
                    dynamodb=dict(r["dynamodb"], ApproximateCreationDateTime=int(
                        r["dynamodb"]["ApproximateCreationDateTime"].timestamp())))
               for r in read_stream(stage_table)]
    first_deal_event = next(r for r in records if streams.entity_of(r) == "DealEvent")

    ok, unreachable = (
        _handle(zappa_settings_dir, services, stage_table, [{"Records": records}]),
        _handle(zappa_settings_dir, services, stage_table, [{"Records": records}],
                APPSYNC_GRAPHQL_URL=f"http://127.0.0.1:{free_port()}/graphql"),
    )
    assert ok == [{"batchItemFailures": []}]
    assert unreachable == [{"batchItemFailures": [{"itemIdentifier": first_deal_event["dynamodb"]["SequenceNumber"]}]}]


def test_scheduled_sweep_expires_lapsed_orders(zappa_settings_dir, services, stage_table, settings):
    from commerce.services import selectors
    from config.aws.cdk.schedules import SCHEDULES
    from tests import factories
    from tests.integration.test_reservations import levels, place_order

    (schedule,) = [s for s in SCHEDULES if s.function == "commerce.scheduled.reservations_sweep"]
    factories.product("A", stock=5)
    settings.CHECKOUT_HOLD_SECONDS = 0
    order = place_order(A=2)
    event = schedule.event()  # the app stack's EventBridge Scheduler schedule sends exactly this (its Input)
    first, again = _handle(zappa_settings_dir, services, stage_table, [event, event])
    assert first == {"expired_orders": 1} and again == {"expired_orders": 0}
    assert selectors.order_get(order_id=order.id).status == "expired"
    assert levels("A") == (5, 0, 5)
