"""Shared fixtures. Real local services, started once per session; one DynamoDB table per test.

- `services`: DynamoDB Local (in memory), the AppSync simulator, the Stripe emulator (shuffled, duplicated
  webhook deliveries) and moto (EventBridge + SQS, with the fan-out's bus and queues of the stages `test` and
  `e2e`) on free ports, started on first use.
- `webhooks`: Quorum's webhook view served in this process, registered with the emulator as a webhook
  endpoint, so tests receive what the emulator really delivers.
- `table`: a fresh table for one test, with every model bound to it; deleted afterwards.
- `site`: Quorum under daphne on a free port, with its own table (for e2e tests).
- `bedrock`: the Bedrock runtime stand-in on a free port (settings point at it), started on first use.
- `xray`: the devstack X-Ray receiver (UDP) on a free port; `tracing` turns tracing on into it for one test
  (tracing is off otherwise).
"""
from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from devstack.process import ManagedProcess, free_port, free_udp_port
from devstack.services import (
    AppSyncSimulator,
    BedrockStandIn,
    DjangoSite,
    DynamoDBLocal,
    MotoServer,
    StreamPoller,
    StripeEmulator,
    XRayReceiver,
)
from tests.xray_helpers import XRay

os.environ.setdefault("QUORUM_TRACING", "false")  # a test turns tracing on itself (`tracing`)


@dataclass
class Services:
    dynamodb: DynamoDBLocal
    appsync: AppSyncSimulator
    appsync_process: ManagedProcess
    stripe: StripeEmulator
    site_port: int  # the e2e site will listen here; the Stripe emulator delivers webhooks to it
    log_dir: Path
    aws: MotoServer

    def env(self, table_name: str) -> dict[str, str]:
        return {
            "DYNAMODB_ENDPOINT_URL": self.dynamodb.url,
            "DYNAMODB_TABLE": table_name,
            "APPSYNC_GRAPHQL_URL": self.appsync.url,
            "APPSYNC_API_KEY": self.appsync.api_key,
            "STRIPE_API_BASE": self.stripe.url,
            "STRIPE_SECRET_KEY": self.stripe.secret_key,
            "STRIPE_WEBHOOK_SECRET": self.stripe.webhook_secret,
            "STRIPE_CONNECT_WEBHOOK_SECRET": self.stripe.connect_webhook_secret,
            "EVENTS_ENDPOINT_URL": self.aws.url,
            "SQS_ENDPOINT_URL": self.aws.url,
            "CLOUDWATCH_ENDPOINT_URL": self.aws.url,
            "INTEGRATIONS_STAGE": "e2e",
            "QUORUM_ENV": "test",
        }


def pytest_terminal_summary(terminalreporter):
    """Report the Stripe conformance pass count when this run measured it."""
    import json

    from devstack.stripe_emulator.conformance.__main__ import WORK

    result = WORK / "result.json"
    if result.exists() and result.stat().st_mtime >= _SESSION_STARTED:
        data = json.loads(result.read_text())
        terminalreporter.write_line(f"stripe-python conformance: {data['passed']}/{data['total']} of the pinned "
                                    f"examples pass against the emulator ({data['suite']})")


_SESSION_STARTED = time.time()


@pytest.fixture(scope="session")
def services(tmp_path_factory) -> Iterator[Services]:
    log_dir = tmp_path_factory.mktemp("services")
    dynamodb = DynamoDBLocal(port=free_port())
    appsync = AppSyncSimulator(port=free_port(), api_key="da2-quorumtestkey", dynamodb_url=dynamodb.url)
    site_port = free_port()
    # Deliveries are shuffled (each delayed up to 0.4 s, half of them sent twice), as Stripe may deliver them:
    # every test that receives webhooks gets them out of order and duplicated.
    stripe = StripeEmulator(port=free_port(), secret_key="sk_test_quorum_tests", webhook_secret="whsec_quorum_tests",
                            webhook_url=f"http://127.0.0.1:{site_port}/stripe/webhook/", retry_base_delay=0.5,
                            connect_webhook_url=f"http://127.0.0.1:{site_port}/stripe/connect/webhook/",
                            connect_webhook_secret="whsec_quorum_connect_tests",
                            delivery="shuffled", delivery_window=0.4, delivery_duplicates=0.5)
    aws = MotoServer(port=free_port())
    started = []
    try:
        started.append(aws.process(log_dir).start())
        started.append(dynamodb.process(log_dir).start())
        appsync_process = appsync.process(log_dir).start()
        started.append(appsync_process)
        started.append(stripe.process(log_dir).start())
        settings.DYNAMODB_ENDPOINT_URL = dynamodb.url
        settings.APPSYNC_GRAPHQL_URL = appsync.url
        settings.APPSYNC_API_KEY = appsync.api_key
        settings.STRIPE_API_BASE = stripe.url
        settings.STRIPE_SECRET_KEY = stripe.secret_key
        settings.STRIPE_WEBHOOK_SECRET = stripe.webhook_secret
        _fanout_on(aws.url, "test", "e2e")
        yield Services(dynamodb, appsync, appsync_process, stripe, site_port, log_dir, aws)
    finally:
        for proc in reversed(started):
            proc.stop()


def _fanout_on(url: str, stage: str, *others: str) -> None:
    """Point the fan-out at moto and give each stage its bus and vendor queues (`stage` is this process's)."""
    from commerce.fanout.provision import integrations_provision

    settings.EVENTS_ENDPOINT_URL = settings.SQS_ENDPOINT_URL = settings.CLOUDWATCH_ENDPOINT_URL = url
    for name in (stage, *others):
        integrations_provision(stage=name)
    settings.INTEGRATIONS_STAGE = stage


@pytest.fixture(scope="session")
def bedrock(tmp_path_factory) -> Iterator[BedrockStandIn]:
    """The Bedrock runtime stand-in; Quorum reaches it through boto3 with BEDROCK_ENDPOINT_URL."""
    standin = BedrockStandIn(port=free_port())
    proc = standin.process(tmp_path_factory.mktemp("bedrock")).start()
    settings.BEDROCK_ENDPOINT_URL = standin.url
    try:
        yield standin
    finally:
        proc.stop()


@pytest.fixture(scope="session")
def xray(tmp_path_factory) -> Iterator[XRay]:
    receiver = XRayReceiver(port=free_udp_port(), data_dir=tmp_path_factory.mktemp("xray"))
    proc = receiver.process(receiver.data_dir).start()
    try:
        yield XRay(receiver)
    finally:
        proc.stop()


@pytest.fixture
def tracing(xray, settings) -> Iterator[XRay]:
    """Tracing on for one test, every request sampled (a test may set XRAY_SAMPLING_RULES), into `xray`."""
    from config.observability import tracing as tracer

    settings.QUORUM_TRACING = True
    settings.AWS_XRAY_DAEMON_ADDRESS = xray.receiver.address
    settings.XRAY_SAMPLING_RULES = ""
    settings.XRAY_TRACES_DIR = str(xray.receiver.data_dir)
    try:
        yield xray
    finally:
        settings.QUORUM_TRACING = False
        tracer.recorder()  # switches the SDK off: the patched botocore passes straight through again


def _bind(table_name: str, endpoint_url: str) -> None:
    from commerce.persistence import base

    base.bind(table_name=table_name, endpoint_url=endpoint_url, region=settings.AWS_REGION)


@pytest.fixture
def table(services) -> Iterator[str]:
    from commerce.persistence import base
    from commerce.persistence.table_sync import table_sync

    name = f"quorum-test-{uuid.uuid4().hex[:12]}"
    _bind(name, services.dynamodb.url)
    settings.DYNAMODB_TABLE = name
    table_sync(client=base.boto3_client(), table_name=name)
    try:
        yield name
    finally:
        base.boto3_client().delete_table(TableName=name)


@dataclass
class Site:
    url: str
    table: str
    dynamodb_url: str
    log_dir: Path

    def bind(self) -> None:
        """Point this test process's models at the site's table (to arrange data for a browser test)."""
        _bind(self.table, self.dynamodb_url)


@dataclass
class Webhooks:
    url: str
    endpoint_id: str
    secret: str
    stripe_url: str

    def settle(self, timeout: float = 20.0) -> None:
        """Wait until the emulator has no delivery left to make (retries included)."""
        import json
        import time
        import urllib.parse
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            query = urllib.parse.urlencode({"url": self.url})
            with urllib.request.urlopen(f"{self.stripe_url}/_emulator/deliveries?{query}", timeout=5) as response:
                if json.load(response)["idle"]:
                    time.sleep(0.2)  # the last delivery's handler has answered; let its writes land
                    return
            time.sleep(0.1)
        raise AssertionError("the Stripe emulator still had webhooks to deliver")


@pytest.fixture(scope="module")
def webhooks(services) -> Iterator[Webhooks]:
    """Quorum (WSGI) served on a thread of this process, registered as a webhook endpoint of the emulator
    for the module's duration; STRIPE_WEBHOOK_SECRET is the endpoint's secret meanwhile."""
    import threading
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    import stripe
    from django.core.wsgi import get_wsgi_application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", free_port(), get_wsgi_application(), server_class=Server, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = stripe.StripeClient(services.stripe.secret_key, base_addresses={"api": services.stripe.url})
    url = f"http://127.0.0.1:{server.server_address[1]}/stripe/webhook/"
    endpoint = client.v1.webhook_endpoints.create(params={"url": url, "enabled_events": ["*"]})
    previous = settings.STRIPE_WEBHOOK_SECRET
    settings.STRIPE_WEBHOOK_SECRET = endpoint.secret
    hooks = Webhooks(url=url, endpoint_id=endpoint.id, secret=endpoint.secret, stripe_url=services.stripe.url)
    try:
        yield hooks
    finally:
        client.v1.webhook_endpoints.delete(endpoint.id)
        hooks.settle()
        settings.STRIPE_WEBHOOK_SECRET = previous
        server.shutdown()


@pytest.fixture(scope="session")
def site(services, tmp_path_factory) -> Iterator[Site]:
    """Quorum served by daphne (ASGI) against the session's services, with a table of its own."""
    from commerce.persistence import base
    from commerce.persistence.table_sync import table_sync

    name = f"quorum-e2e-{uuid.uuid4().hex[:12]}"
    _bind(name, services.dynamodb.url)
    table_sync(client=base.boto3_client(), table_name=name)
    env = {**services.env(name), "QUORUM_DAPHNE": "true"}
    log_dir = tmp_path_factory.mktemp("site")
    poller = StreamPoller(table=name, env=env).process(log_dir).start()  # the outbox -> AppSync, as Lambda would
    server = DjangoSite(port=services.site_port, env=env)
    proc = server.process(log_dir, log_to_file=True).start()
    try:
        yield Site(url=server.url.rstrip("/"), table=name, dynamodb_url=services.dynamodb.url, log_dir=log_dir)
    finally:
        proc.stop()
        poller.stop()


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through Playwright (no `playwright install`)."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()
