"""HTTP front of the Bedrock runtime stand-in: `POST /model/{modelId}/converse` (SigV4 required, rest-json
errors), and /_standin/ for tests: force the next answers, read back the requests received."""
from __future__ import annotations

import json
import threading
import time
import uuid
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional
from urllib.parse import unquote, urlsplit

from devstack.bedrock_standin import converse, errors, sigv4
from devstack.bedrock_standin.errors import BedrockError

ANSWERS = ("ok", "slow", "malformed", "text", *errors.FORCED)


class StandIn:
    def __init__(self, *, port: int, credentials: dict[str, str], host: str = "127.0.0.1") -> None:
        self.credentials = credentials
        self.lock = threading.Lock()
        self.forced: list[dict[str, Any]] = []  # the next answers, first first
        self.received: list[dict[str, Any]] = []
        standin = self

        class RequestHandler(_Handler):
            app = standin

        self.httpd = ThreadingHTTPServer((host, port), RequestHandler)
        self.httpd.daemon_threads = True

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def force(self, answers: list[dict[str, Any]]) -> None:
        for forced in answers:
            if forced.get("answer") not in ANSWERS:
                raise ValueError(f"answer must be one of {', '.join(ANSWERS)}")
        with self.lock:
            self.forced.extend(answers)

    def next_answer(self) -> dict[str, Any]:
        with self.lock:
            return self.forced.pop(0) if self.forced else {"answer": "ok"}


class _Handler(BaseHTTPRequestHandler):
    app: StandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/_standin/health":
            return self._json(200, {"status": "ok"})
        if path == "/_standin/requests":
            with self.app.lock:
                return self._json(200, {"requests": list(self.app.received)})
        self._error(errors.BedrockError(404, "UnknownOperationException", "Unknown operation"))

    def do_DELETE(self) -> None:
        if urlsplit(self.path).path == "/_standin/requests":
            with self.app.lock:
                self.app.received.clear()
                self.app.forced.clear()
            return self._json(200, {"requests": []})
        self._error(errors.BedrockError(404, "UnknownOperationException", "Unknown operation"))

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if url.path == "/_standin/next":
            try:
                self.app.force(json.loads(body or b"{}").get("answers") or [])
            except (ValueError, AttributeError) as exc:
                return self._json(400, {"message": str(exc)})
            return self._json(200, {"queued": len(self.app.forced)})
        parts = url.path.split("/")
        if len(parts) == 4 and parts[1] == "model" and parts[3] == "converse":
            return self._converse(unquote(parts[2]), url.path, url.query, body)
        self._error(errors.BedrockError(404, "UnknownOperationException", "Unknown operation"))

    def _converse(self, model_id: str, raw_path: str, query: str, raw: bytes) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        record: dict[str, Any] = {"model_id": model_id, "at": time.time(), "headers": _redacted(headers),
                                  "body": _parsed(raw), "answer": None}  # the answer is filled in when given
        self._remember(record)
        forced: Optional[dict[str, Any]] = None
        try:
            record["region"] = sigv4.verify(method="POST", raw_path=raw_path, query=query, headers=headers, body=raw,
                                            secrets=self.app.credentials)
            converse.validate(model_id, record["body"])
            forced = self.app.next_answer()
            kind = forced["answer"]
            if kind in errors.FORCED:
                raise errors.FORCED[kind]()
            if kind == "slow":
                time.sleep(float(forced.get("seconds", 5)))
            result = converse.answer(model_id, record["body"], malformed=kind == "malformed", text_only=kind == "text")
        except BedrockError as error:
            record["answer"] = {"status": error.status, "code": error.code, "forced": (forced or {}).get("answer")}
            return self._error(error)
        record["answer"] = {"status": 200, "stopReason": result["stopReason"], "forced": forced["answer"]}
        self._json(200, result)

    def _remember(self, record: dict[str, Any]) -> None:
        with self.app.lock:
            self.app.received.append(record)

    def _error(self, error: BedrockError) -> None:
        self._json(error.status, error.body(), error.headers())

    def _json(self, status: int, body: Any, headers: Optional[dict[str, str]] = None) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", "Content-Length": str(len(data)),
                                "Date": formatdate(usegmt=True), "x-amzn-RequestId": str(uuid.uuid4()),
                                **(headers or {})}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its read timeout); nothing to answer


def _parsed(raw: bytes) -> Any:
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return None


def _redacted(headers: dict[str, str]) -> dict[str, str]:
    auth = headers.get("authorization")
    if auth and "Signature=" in auth:
        headers = {**headers, "authorization": auth.split("Signature=")[0] + "Signature=<redacted>"}
    return headers
