"""HTTP front of the emulator: Stripe's routes under /v1 (Bearer secret key, form-encoded bodies checked against
the SDK's request types, Idempotency-Key, Stripe-Account, expand[]), the hosted pages (/pay, /invoice,
/connect/onboarding), and /_emulator/ introspection for tests. State is saved after every change when the
emulator has a state file."""
from __future__ import annotations

import copy
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Optional
from urllib.parse import parse_qs, urlparse

from devstack.stripe_emulator import (
    checkout,
    context,
    expand,
    forms,
    pages,
    routes,
    schema,
    subscriptions,
    webhook_endpoints,
)
from devstack.stripe_emulator.errors import StripeAPIError
from devstack.stripe_emulator.router import match
from devstack.stripe_emulator.store import API_VERSION, Store
from devstack.stripe_emulator.webhooks import Deliverer, DeliveryMode

ROUTE_MODULES = routes.MODULES  # importing them registered every API route

VALIDATION_CODES = {"parameter_missing", "parameter_unknown", "parameter_invalid", "parameter_invalid_integer",
                    "parameter_unsupported_by_emulator"}


class Emulator:
    def __init__(self, *, port: int, secret_key: str, webhook_url: Optional[str], webhook_secret: str,
                 connect_webhook_url: Optional[str] = None, connect_webhook_secret: str = "whsec_quorum_connect_local",
                 retry_base_delay: float = 1.0, host: str = "127.0.0.1", state_path: Optional[Path] = None,
                 delivery: DeliveryMode = DeliveryMode()) -> None:
        self.store = Store(public_url=f"http://{host}:{port}", state_path=state_path)
        self.secret_key = secret_key
        self.snapshots: dict[str, dict] = {}  # named states the conformance suite returns to before each test
        store = self.store
        with store.lock:
            for endpoint_id, url, secret, connect in (("we_cli_account", webhook_url, webhook_secret, False),
                                                      ("we_cli_connect", connect_webhook_url, connect_webhook_secret,
                                                       True)):
                store.objects.pop(endpoint_id, None)  # the command line decides these two, at every start
                store.owner.pop(endpoint_id, None)
                if url:
                    webhook_endpoints.register(store, url=url, secret=secret, connect=connect, endpoint_id=endpoint_id)
        self.deliverer = Deliverer(lambda event: webhook_endpoints.matching(store, event),
                                   base_delay=retry_base_delay, mode=delivery, on_done=self._delivered)
        store.on_event = self._on_event
        emulator = self

        class RequestHandler(_Handler):
            app = emulator

        self.httpd = ThreadingHTTPServer((host, port), RequestHandler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self._clock, daemon=True).start()

    def _on_event(self, event: dict) -> None:
        event["pending_webhooks"] = self.deliverer.enqueue(event)

    def _delivered(self, event: dict) -> None:
        with self.store.lock:
            stored = self.store.objects.get(event["id"])
            if stored and stored["pending_webhooks"] > 0:
                stored["pending_webhooks"] -= 1

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self.deliverer.stop()
        self.store.save()

    def tick(self) -> None:
        """What time does: Checkout Sessions expire, subscriptions renew or end."""
        store = self.store
        with store.lock:
            token = context.current.set(context.RequestContext())
            try:
                for obj in list(store.objects.values()):
                    if obj.get("object") == "checkout.session" and obj["status"] == "open" \
                            and obj["expires_at"] <= store.now():
                        checkout.expire(store, obj, from_request=False)
                subscriptions.tick(store)
            finally:
                context.current.reset(token)
            store.save()

    def _clock(self) -> None:
        while True:
            time.sleep(1)
            self.tick()


class _Handler(BaseHTTPRequestHandler):
    app: Emulator
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt: str, *args: Any) -> None:  # quiet; the launcher keeps a log file
        pass

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _body(self) -> str:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode("utf-8", "replace") if length else ""

    def _dispatch(self, method: str) -> None:
        url = urlparse(self.path)
        try:
            body = self._body()
            if url.path.startswith("/v1/") or url.path == "/v1":
                return self._api(method, url.path, body if method == "POST" else url.query)
            if url.path.startswith("/pay/"):
                return self._page(pages.checkout_page, method, url.path.split("/")[2], body)
            if url.path.startswith("/invoice/"):
                return self._page(pages.invoice_page, method, url.path.split("/")[2], body)
            if url.path.startswith("/connect/onboarding/"):
                return self._page(pages.onboarding_page, method, url.path.split("/")[3], body)
            if url.path.startswith("/_emulator/"):
                return self._introspection(method, url.path, body, parse_qs(url.query))
            self._json(404, {"error": {"type": "invalid_request_error",
                                       "message": f"Unrecognized request URL ({method}: {url.path})."}})
        except StripeAPIError as exc:
            self._json(exc.status, exc.body)
        except Exception as exc:  # a bug here must still answer (Stripe answers 500 api_error), never drop the line
            self._json(500, {"error": {"type": "api_error", "message": f"Emulator error: {type(exc).__name__}: {exc}"}})

    # --- the API ------------------------------------------------------------------------------------
    def _api(self, method: str, path: str, raw: str) -> None:
        store = self.app.store
        request_id = Store.new_id("req")
        auth = self.headers.get("Authorization", "")
        if auth != f"Bearer {self.app.secret_key}":
            key = auth.removeprefix("Bearer ").strip()
            raise StripeAPIError(401, f"Invalid API Key provided: {key[:8]}{'*' * max(0, len(key) - 12)}{key[-4:]}"
                                 if key else "You did not provide an API key.", code="api_key_invalid" if key else None)
        account = self.headers.get("Stripe-Account") or None
        route, ids = match(method, path)
        key = self.headers.get("Idempotency-Key") if method == "POST" else None
        scoped_key = f"{account or ''}|{key}"
        with store.lock:
            token = context.current.set(context.RequestContext(request_id, key, account))
            try:
                if account:
                    found = store.objects.get(account)
                    if found is None or found.get("object") != "account" or found.get("deleted"):
                        raise StripeAPIError(403, f"The provided key '{self.app.secret_key[:8]}***' does not have "
                                                  f"access to account '{account}' (or that account does not exist). "
                                                  "Application access may have been revoked.", code="account_invalid")
                params = forms.parse(raw)
                fingerprint = json.dumps([method, path, params], sort_keys=True)
                if key:
                    seen = store.idempotent_result(scoped_key)
                    if seen:
                        if seen[0] != fingerprint:
                            raise StripeAPIError(400, "Keys for idempotent requests can only be used with the same "
                                                      "parameters they were first used with. Try using a key other "
                                                      f"than '{key}' if you meant to execute a different request.",
                                                 type_="idempotency_error")
                        return self._json(seen[1], seen[2], replayed=True, request_id=request_id)
                if route.params:
                    params = schema.validate(route.params, params)
                if route.modelled is not None:
                    schema.check_modelled(params, route.modelled)
                try:
                    result = route.handler(store, params, ids)
                    status, body = 200, expand.apply(store, copy.deepcopy(result), params.get("expand") or [])
                except StripeAPIError as exc:
                    if exc.status == 400 and exc.body["error"].get("code") in VALIDATION_CODES:
                        raise  # Stripe does not store results of requests that failed validation
                    status, body = exc.status, exc.body
                if key and status < 500:
                    store.remember(scoped_key, fingerprint, status, body)
                if method != "GET":
                    store.save()
            finally:
                context.current.reset(token)
        self._json(status, body, request_id=request_id)

    # --- hosted pages ---------------------------------------------------------------------------------
    def _page(self, page, method: str, object_id: str, body: str) -> None:
        store = self.app.store
        with store.lock:
            status, html, location = page(store, method, object_id, body)
            if method == "POST":
                store.save()
        if location:
            return self._redirect(location)
        self._html(status, html or b"")

    # --- introspection for tests and tools ----------------------------------------------------------
    def _introspection(self, method: str, path: str, body: str, query: dict[str, list[str]]) -> None:
        app, store = self.app, self.app.store
        if path == "/_emulator/health":
            return self._json(200, {"status": "ok", "api_version": API_VERSION,
                                    "delivery": app.deliverer.mode.name})
        if path == "/_emulator/deliveries":
            url = (query.get("url") or [None])[0]  # idle: nothing left to deliver (to this url)
            return self._json(200, {"deliveries": [d for d in app.deliverer.log if url in (None, d["url"])],
                                    "idle": app.deliverer.idle(url)})
        if method == "POST" and path == "/_emulator/clock":  # move time forward: {"advance": seconds}
            with store.lock:
                store.clock_offset += int(json.loads(body or "{}").get("advance", 0))
            app.tick()
            return self._json(200, {"now": store.now()})
        if method == "POST" and path == "/_emulator/reset":
            store.reset()
            return self._json(200, {"reset": True})
        if method == "POST" and path in ("/_emulator/snapshot", "/_emulator/restore"):  # {"name": ...}
            name = json.loads(body or "{}")["name"]
            with store.lock:
                if path.endswith("snapshot"):
                    app.snapshots[name] = copy.deepcopy(store.snapshot())
                elif name in app.snapshots:
                    store.restore(copy.deepcopy(app.snapshots[name]))
                else:
                    return self._json(404, {"error": {"type": "invalid_request_error", "message": "no such snapshot"}})
            return self._json(200, {"name": name})
        if method == "POST" and path == "/_emulator/rename":  # {"from": id, "to": id}: give an object a chosen id
            wanted = json.loads(body or "{}")
            with store.lock:
                store.rename(wanted["from"], wanted["to"])
            return self._json(200, store.objects[wanted["to"]])
        self._json(404, {"error": {"type": "invalid_request_error", "message": f"Unknown emulator path {path}"}})

    # --- responses ----------------------------------------------------------------------------------
    def _json(self, status: int, body: Any, replayed: bool = False, request_id: Optional[str] = None) -> None:
        data = json.dumps(body, indent=2).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", request_id or Store.new_id("req"))
        self.send_header("Stripe-Version", self.headers.get("Stripe-Version") or API_VERSION)
        if replayed:
            self.send_header("Idempotent-Replayed", "true")
        self.end_headers()
        self.wfile.write(data)

    def _html(self, status: int, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(303)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
