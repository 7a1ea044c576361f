"""Shared fixtures. Real local services, started once per session; one DynamoDB table per test.

- `services`: DynamoDB Local (in memory) and the AppSync simulator on free ports, started on first use.
- `table`: a fresh table for one test, with every model bound to it; deleted afterwards.
- `site`: Quorum under daphne on a free port, with its own table (for e2e tests).
- `bedrock`: the Bedrock runtime stand-in on a free port (settings point at it), started on first use.
- `xray`: the devstack X-Ray receiver (UDP) on a free port; `tracing` turns tracing on into it for one test
  (tracing is off otherwise).
"""
from __future__ import annotations

import os
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

    def env(self, table_name: str) -> dict[str, str]:
        return {
            "DYNAMODB_ENDPOINT_URL": self.dynamodb.url,
            "DYNAMODB_TABLE": table_name,
            "APPSYNC_GRAPHQL_URL": self.appsync.url,
            "APPSYNC_API_KEY": self.appsync.api_key,
            "STRIPE_API_BASE": self.stripe.url,
            "STRIPE_SECRET_KEY": self.stripe.secret_key,
            "STRIPE_WEBHOOK_SECRET": self.stripe.webhook_secret,
            "QUORUM_ENV": "test",
        }


@pytest.fixture(scope="session")
def services(tmp_path_factory) -> Iterator[Services]:
    log_dir = tmp_path_factory.mktemp("services")
    dynamodb = DynamoDBLocal(port=free_port())
    appsync = AppSyncSimulator(port=free_port(), api_key="da2-quorumtestkey")
    site_port = free_port()
    stripe = StripeEmulator(port=free_port(), secret_key="sk_test_quorum_tests", webhook_secret="whsec_quorum_tests",
                            webhook_url=f"http://127.0.0.1:{site_port}/stripe/webhook/", retry_base_delay=0.5)
    started = []
    try:
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
        yield Services(dynamodb, appsync, appsync_process, stripe, site_port, log_dir)
    finally:
        for proc in reversed(started):
            proc.stop()


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
