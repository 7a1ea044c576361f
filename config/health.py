"""GET (or HEAD) /healthz: each configured dependency with its status and latency; 503 naming what is
down. Every probe runs in parallel under HEALTH_TIMEOUT_SECONDS: a hung dependency is reported down in
time, never waited for."""
from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe

PROBES: dict[str, str] = {
    "dynamodb": "commerce.persistence.health.probe",
    "appsync": "realtime.probe.probe",
    "stripe": "commerce.payments.stripe_gateway.probe",
    "webhooks": "config.health.webhooks_configured",
    "eventbridge": "commerce.fanout.health.eventbridge",
    "sqs": "commerce.fanout.health.sqs",
}


def webhooks_configured(timeout: float) -> str:
    """Stripe webhooks can be verified: without a signing secret every payment notice (or, for the Connect
    endpoint's, every notice about vendors' accounts) would be refused."""
    missing = [name for name in ("STRIPE_WEBHOOK_SECRET", "STRIPE_CONNECT_WEBHOOK_SECRET")
               if not getattr(settings, name, "")]
    if missing:
        raise RuntimeError(f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} empty: Stripe's "
                           "webhooks cannot be verified")
    return "ok"


def _run(probe: Callable[[float], str], timeout: float) -> dict:
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


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    names = [name for name in settings.HEALTH_CHECKS if name in PROBES]
    timeout = settings.HEALTH_TIMEOUT_SECONDS
    pool = ThreadPoolExecutor(max_workers=max(1, len(names)))
    futures = {name: pool.submit(_run, import_string(PROBES[name]), timeout) for name in names}
    wait(futures.values(), timeout=timeout + 0.5)
    pool.shutdown(wait=False, cancel_futures=True)  # a probe still hanging is not waited for
    checks = {name: future.result() if future.done() else
              {"status": "down", "latency_ms": round((timeout + 0.5) * 1000, 1),
               "error": f"no answer within {timeout:g}s"} for name, future in futures.items()}
    down = sorted(name for name, check in checks.items() if check["status"] != "up")
    body = {"status": "down" if down else "ok", "checks": checks}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
