"""GET /healthz: each configured dependency with its status and latency; 503 naming what is down."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

PROBES: dict[str, str] = {
    "dynamodb": "commerce.persistence.health.probe",
    "appsync": "dealroom.realtime.appsync_http.probe",
    "stripe": "commerce.payments.stripe_gateway.probe",
}


def _run(name: str, probe: Callable[[float], str], timeout: float) -> dict:
    began = time.perf_counter()
    try:
        probe(timeout)
        status, error = "up", None
    except Exception as exc:  # any failure means "down"; say why
        status, error = "down", f"{type(exc).__name__}: {exc}"
    result = {"status": status, "latency_ms": round((time.perf_counter() - began) * 1000, 1)}
    if error:
        result["error"] = error[:300]
    return result


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    names = [name for name in settings.HEALTH_CHECKS if name in PROBES]
    timeout = settings.HEALTH_TIMEOUT_SECONDS
    with ThreadPoolExecutor(max_workers=max(1, len(names))) as pool:
        futures = {name: pool.submit(_run, name, import_string(PROBES[name]), timeout) for name in names}
        checks = {name: future.result() for name, future in futures.items()}
    down = sorted(name for name, check in checks.items() if check["status"] != "up")
    body = {"status": "down" if down else "ok", "checks": checks}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
