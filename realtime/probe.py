"""Plain HTTP GraphQL calls to AppSync (queries with the API key; the publisher signs with SigV4)."""
from __future__ import annotations

import json
import urllib.request

from django.conf import settings


def probe(timeout: float) -> str:
    """Runs the `health` query with the API key; raises unless AppSync answers it."""
    request = urllib.request.Request(
        settings.APPSYNC_GRAPHQL_URL,
        data=json.dumps({"query": "{ health }"}).encode(),
        method="POST",
        headers={"content-type": "application/json", "x-api-key": settings.APPSYNC_API_KEY},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = json.loads(response.read())
    if body.get("errors") or (body.get("data") or {}).get("health") != "ok":
        raise RuntimeError(f"unexpected answer: {body}")
    return "ok"
