"""devstack launcher: `python -m devstack up [--serve]`.

Starts every local service as a child process, waits until each answers, prints where each runs, restarts
a service that dies (its data kept, and says so), and stops every child it started (by its own PIDs) on
Ctrl-C, SIGTERM or error. With --serve it also syncs the table, seeds demo data when the table is empty, and
serves Quorum with daphne.

Stripe: the settings the person running it set are honoured (devstack/stripe_mode.py): a real test key and
no STRIPE_API_BASE means Stripe's own test mode and no emulator; STRIPE_WEBHOOK_SECRET is used as given.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from devstack import stripe_mode
from devstack.process import ROOT, ServiceError, port_open
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
from devstack.supervisor import Supervisor

STATE_DIR = Path(os.environ.get("DEVSTACK_STATE_DIR") or ROOT / ".devstack").resolve()


# Local demo staff for the admin (the devstack never runs in production); override the password with
# QUORUM_DEMO_STAFF_PASSWORD.
DEMO_STAFF_PASSWORD = os.environ.get("QUORUM_DEMO_STAFF_PASSWORD", "quorum-demo-admin")

# Run in order before the site starts; each is a manage.py command.
SITE_STEPS: list[list[str]] = [
    ["table_sync"], ["demo_seed", "--if-empty"], ["demo_deal", "--if-empty"],
    ["createstaff", "admin@quorum.local", "--role", "admin", "--name", "Demo admin"],
    ["createstaff", "sales@quorum.local", "--role", "sales", "--name", "Demo sales"],
    ["crm_provision"],  # the bus, vendor rules, queues and DLQs on moto; prints where the queues are
]


class Stop(Exception):
    pass


def _on_signal(signum, frame):
    raise Stop(signal.Signals(signum).name)


def service_env(dynamodb: DynamoDBLocal, appsync: AppSyncSimulator, stripe: stripe_mode.StripeMode,
                bedrock: BedrockStandIn, aws: MotoServer | None = None) -> dict[str, str]:
    """What Quorum's settings need to reach these services (Stripe's as decided from the environment)."""
    return {
        "DYNAMODB_ENDPOINT_URL": dynamodb.url,
        "APPSYNC_GRAPHQL_URL": appsync.url,
        "APPSYNC_API_KEY": appsync.api_key,
        "BEDROCK_ENDPOINT_URL": bedrock.url,
        **stripe.env,
        **({"EVENTS_ENDPOINT_URL": aws.url, "SQS_ENDPOINT_URL": aws.url, "CLOUDWATCH_ENDPOINT_URL": aws.url}
           if aws else {}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start the local services (and the site with --serve)")
    up.add_argument("--serve", action="store_true", help="also sync the table, seed demo data and serve Quorum")
    up.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")), help="site port (PORT)")
    up.add_argument("--in-memory", action="store_true", help="DynamoDB Local without files on disk")
    args = parser.parse_args(argv)

    STATE_DIR.mkdir(exist_ok=True)
    dynamodb = DynamoDBLocal(
        port=int(os.environ.get("DYNAMODB_PORT", "8001")),
        data_dir=None if args.in_memory else STATE_DIR / "dynamodb",
    )
    appsync = AppSyncSimulator(
        port=int(os.environ.get("APPSYNC_PORT", "20002")),
        api_key=os.environ.get("APPSYNC_API_KEY", AppSyncSimulator.api_key),
        dynamodb_url=dynamodb.url, table=os.environ.get("DYNAMODB_TABLE", "quorum-local"),
    )
    emulator = StripeEmulator(
        port=int(os.environ.get("STRIPE_EMULATOR_PORT", "12111")),
        webhook_url=f"http://127.0.0.1:{args.port}/stripe/webhook/",
        connect_webhook_url=f"http://127.0.0.1:{args.port}/stripe/connect/webhook/",
        state_path=None if args.in_memory else (STATE_DIR / "stripe" / "state.json").resolve(),
        delivery=os.environ.get("STRIPE_EMULATOR_DELIVERY", "ordered"),
    )
    try:
        stripe = stripe_mode.decide(os.environ, emulator=emulator)
    except ServiceError as error:
        print(f"[devstack] error: {error}", file=sys.stderr, flush=True)
        return 1
    bedrock = BedrockStandIn(port=int(os.environ.get("BEDROCK_STANDIN_PORT", "4010")))
    aws = MotoServer(port=int(os.environ.get("MOTO_PORT", "4566")))
    xray = XRayReceiver(port=int(os.environ.get("XRAY_DAEMON_PORT", "2000")), data_dir=STATE_DIR / "xray")
    env = {**service_env(dynamodb, appsync, stripe, bedrock, aws), **xray.env()}  # the site and poller trace into it
    # links made outside a request (the demo deal's invitations) point at the port the site really uses
    env["PUBLIC_BASE_URL"] = os.environ.get("PUBLIC_BASE_URL") or f"http://127.0.0.1:{args.port}"
    if os.environ.get("DYNAMODB_TABLE"):
        env["DYNAMODB_TABLE"] = os.environ["DYNAMODB_TABLE"]
    services = [dynamodb, appsync] + ([stripe.emulator] if stripe.emulator else []) + [bedrock, aws, xray]
    print(f"[devstack] Stripe: {stripe.describe()}", flush=True)
    if args.serve:
        table = os.environ.get("DYNAMODB_TABLE", "quorum-local")
        services.append(StreamPoller(table=table, env=env))
        services.append(DjangoSite(port=args.port, env=env))

    supervisor = Supervisor(STATE_DIR, lambda line: print(line, flush=True))
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        for service in services:
            if service.port and port_open(service.port):
                raise ServiceError(
                    f"port {service.port} for {service.name} is already in use "
                    "(another devstack running? stop it or choose another port)"
                )
            if isinstance(service, StreamPoller):
                _prepare_site(env)  # the table must exist before its stream can be followed
            began = time.monotonic()
            print(f"[devstack] starting {service.name} ...", flush=True)
            supervisor.start(service)
            print(f"[devstack] {service.name:<9} {service.url}  (ready in {time.monotonic() - began:.1f}s)", flush=True)
        if args.serve:
            print(f"\n  Quorum     {services[-1].url}\n  API docs   {services[-1].url}api/docs\n"
                  f"  Health     {services[-1].url}healthz\n"
                  f"  Admin      {services[-1].url}admin/  (admin@quorum.local or sales@quorum.local, "
                  f"password {DEMO_STAFF_PASSWORD})\n"
                  f"  Integrations {services[-1].url}admin/integrations/  (queues above; manage.py crm_queues)\n"
                  "\n  Ctrl-C stops everything.\n", flush=True)
        else:
            print("[devstack] all services up; Ctrl-C stops them", flush=True)
        while True:
            supervisor.check()
            time.sleep(0.5)
    except Stop as stop:
        print(f"\n[devstack] {stop}: stopping", flush=True)
        return 0
    except ServiceError as error:
        print(f"[devstack] error: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for proc in supervisor.stop_all():
            print(f"[devstack] stopped {proc.name} (pid {proc.proc.pid})", flush=True)


def _prepare_site(env: dict[str, str]) -> None:
    """One-off steps before serving: bring the table up to date, seed demo data if it is empty."""
    for step in SITE_STEPS:
        print(f"[devstack] manage.py {' '.join(step)}", flush=True)
        result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *step], cwd=ROOT,
                                env={**os.environ, **env, "QUORUM_STAFF_PASSWORD": DEMO_STAFF_PASSWORD})
        if result.returncode != 0:
            raise ServiceError(f"manage.py {' '.join(step)} failed (exit {result.returncode})")


if __name__ == "__main__":
    sys.exit(main())
