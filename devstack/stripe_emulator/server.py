"""HTTP front of the emulator: Stripe's routes under /v1 (Bearer secret key, form-encoded bodies,
Idempotency-Key), the hosted pages, and /_emulator/ introspection for tests."""
from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, urlparse

from devstack.stripe_emulator import billing, forms, hosted, payments
from devstack.stripe_emulator.errors import StripeAPIError, bad_state, no_such
from devstack.stripe_emulator.store import API_VERSION, Store
from devstack.stripe_emulator.webhooks import Deliverer

Handler = Callable[[Store, dict, list[str]], Any]
ROUTES: list[tuple[str, re.Pattern, Handler]] = []


def route(method: str, pattern: str):
    def register(fn: Handler) -> Handler:
        ROUTES.append((method, re.compile(f"^{pattern}$"), fn))
        return fn
    return register


def _retrieve(kind: str, type_name: str):
    return lambda store, params, ids: store.get(ids[0], kind, type_name)


for _path, _kind, _type in [("customers", "customer", "customer"), ("products", "product", "product"),
                            ("prices", "price", "price"), ("checkout/sessions", "checkout session", "checkout.session"),
                            ("payment_intents", "payment_intent", "payment_intent"), ("charges", "charge", "charge"),
                            ("subscriptions", "subscription", "subscription"), ("invoiceitems", "invoiceitem", "invoiceitem"),
                            ("invoices", "invoice", "invoice"), ("refunds", "refund", "refund"), ("events", "event", "event")]:
    route("GET", rf"/v1/{_path}/([\w-]+)")(_retrieve(_kind, _type))

route("POST", "/v1/customers")(lambda s, p, i: billing.customer_create(s, p))
route("POST", r"/v1/customers/([\w-]+)")(lambda s, p, i: billing.customer_update(s, s.get(i[0], "customer", "customer"), p))
route("POST", "/v1/products")(lambda s, p, i: billing.product_create(s, p))
route("POST", "/v1/prices")(lambda s, p, i: billing.price_create(s, p))
route("POST", "/v1/checkout/sessions")(lambda s, p, i: payments.session_create(s, p))
route("POST", r"/v1/checkout/sessions/([\w-]+)/expire")(
    lambda s, p, i: payments.session_expire(s, s.get(i[0], "checkout session", "checkout.session")))
route("POST", r"/v1/subscriptions/([\w-]+)")(
    lambda s, p, i: billing.subscription_update(s, s.get(i[0], "subscription", "subscription"), p))
route("DELETE", r"/v1/subscriptions/([\w-]+)")(
    lambda s, p, i: billing.subscription_cancel(s, s.get(i[0], "subscription", "subscription")))
route("POST", "/v1/invoiceitems")(lambda s, p, i: billing.invoice_item_create(s, p))
route("POST", "/v1/invoices")(lambda s, p, i: billing.invoice_create(s, p))
route("POST", r"/v1/invoices/([\w-]+)/finalize")(lambda s, p, i: billing.invoice_finalize(s, s.get(i[0], "invoice", "invoice")))
route("POST", r"/v1/invoices/([\w-]+)/pay")(lambda s, p, i: billing.invoice_mark_paid(s, s.get(i[0], "invoice", "invoice")))
route("POST", r"/v1/invoices/([\w-]+)/void")(lambda s, p, i: billing.invoice_void(s, s.get(i[0], "invoice", "invoice")))
route("POST", "/v1/refunds")(lambda s, p, i: payments.refund_create(s, p))


@route("POST", r"/v1/invoices/([\w-]+)/send")
def _invoice_send(store: Store, params: dict, ids: list[str]) -> dict:
    invoice = store.get(ids[0], "invoice", "invoice")
    if invoice["collection_method"] != "send_invoice":
        raise bad_state("You can only manually send an invoice if its collection method is 'send_invoice'.")
    if invoice["status"] != "open":
        raise bad_state("You can only send finalized (open) invoices.")
    store.emit("invoice.sent", invoice)
    return invoice


@route("GET", "/v1/events")
def _events_list(store: Store, params: dict, ids: list[str]) -> dict:
    events = list(reversed(store.events))  # newest first, as Stripe lists them
    if params.get("type"):
        wanted = params["type"]
        events = [e for e in events if (e["type"].startswith(wanted[:-1]) if wanted.endswith("*") else e["type"] == wanted)]
    if params.get("starting_after"):
        position = next((n for n, e in enumerate(events) if e["id"] == params["starting_after"]), None)
        if position is None:
            raise no_such("event", params["starting_after"], "starting_after")
        events = events[position + 1:]
    limit = max(1, min(100, int(params.get("limit") or 10)))
    return {"object": "list", "data": events[:limit], "has_more": len(events) > limit, "url": "/v1/events"}


class Emulator:
    def __init__(self, *, port: int, secret_key: str, webhook_url: Optional[str], webhook_secret: str,
                 retry_base_delay: float = 1.0, host: str = "127.0.0.1") -> None:
        self.store = Store(public_url=f"http://{host}:{port}")
        self.secret_key = secret_key
        self.deliverer = Deliverer(webhook_url, webhook_secret, base_delay=retry_base_delay)
        self.store.on_event = self.deliverer.enqueue
        emulator = self

        class RequestHandler(_Handler):
            app = emulator

        self.httpd = ThreadingHTTPServer((host, port), RequestHandler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self._expire_sessions, daemon=True).start()

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def _expire_sessions(self) -> None:
        while True:
            time.sleep(1)
            with self.store.lock:
                for obj in list(self.store.objects.values()):
                    if obj.get("object") == "checkout.session" and obj["status"] == "open" \
                            and obj["expires_at"] <= self.store.now():
                        payments.session_expire(self.store, obj)


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
        return self.rfile.read(length).decode() if length else ""

    def _dispatch(self, method: str) -> None:
        url = urlparse(self.path)
        body = self._body()
        try:
            if url.path.startswith("/v1/"):
                return self._api(method, url.path, forms.parse(body if method == "POST" else url.query))
            if url.path.startswith("/pay/"):
                return self._checkout_page(method, url.path.split("/")[2], body)
            if url.path.startswith("/invoice/"):
                return self._invoice_page(method, url.path.split("/")[2], body)
            if url.path == "/_emulator/deliveries":
                return self._json(200, {"deliveries": list(self.app.deliverer.log)})
            if url.path == "/_emulator/health":
                return self._json(200, {"status": "ok", "api_version": API_VERSION})
            self._json(404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL ({method}: {url.path})."}})
        except StripeAPIError as exc:
            self._json(exc.status, exc.body)

    def _api(self, method: str, path: str, params: dict) -> None:
        auth = self.headers.get("Authorization", "")
        if auth != f"Bearer {self.app.secret_key}":
            raise StripeAPIError(401, "Invalid API Key provided.", code="api_key_invalid")
        for verb, pattern, handler in ROUTES:
            match = pattern.match(path)
            if verb == method and match:
                break
        else:
            raise StripeAPIError(404, f"Unrecognized request URL ({method}: {path}).")
        key = self.headers.get("Idempotency-Key") if method == "POST" else None
        fingerprint = json.dumps([method, path, params], sort_keys=True)
        with self.app.store.lock:
            if key:
                seen = self.app.store.idempotency.get((self.app.secret_key, key))
                if seen:
                    if seen[0] != fingerprint:
                        raise StripeAPIError(400, "Keys for idempotent requests can only be used with the same "
                                                  "parameters they were first used with.", type_="idempotency_error")
                    return self._json(seen[1], seen[2], replayed=True)
            try:
                status, result = 200, handler(self.app.store, params, list(match.groups()))
            except StripeAPIError as exc:
                status, result = exc.status, exc.body
            if key and status < 500:
                self.app.store.idempotency[(self.app.secret_key, key)] = (fingerprint, status, result)
        self._json(status, result)

    def _checkout_page(self, method: str, session_id: str, body: str) -> None:
        store = self.app.store
        with store.lock:
            session = store.get(session_id, "checkout session", "checkout.session")
            lines = store.private[session_id]["lines"]
            if method == "POST":
                card = (parse_qs(body).get("card_number") or [""])[0]
                error = payments.session_pay(store, session, card)
                if error is None:
                    target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
                    return self._redirect(target)
                return self._html(402, hosted.checkout_page(session, lines, error))
            self._html(200, hosted.checkout_page(session, lines))

    def _invoice_page(self, method: str, invoice_id: str, body: str) -> None:
        store = self.app.store
        with store.lock:
            invoice = store.get(invoice_id, "invoice", "invoice")
            if method == "POST" and invoice["status"] == "open":
                digits = "".join(c for c in (parse_qs(body).get("card_number") or [""])[0] if c.isdigit())
                if digits not in payments.CARDS:
                    return self._html(402, hosted.invoice_page(invoice, "Your card number is invalid."))
                decline = payments.CARDS[digits]
                if decline:
                    invoice["attempted"] = True
                    store.emit("invoice.payment_failed", invoice)
                    return self._html(402, hosted.invoice_page(invoice, decline[1]))
                billing.invoice_mark_paid(store, invoice)
                return self._html(200, hosted.invoice_page(invoice, paid_now=True))
            self._html(200, hosted.invoice_page(invoice))

    def _json(self, status: int, body: Any, replayed: bool = False) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", Store.new_id("req"))
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
