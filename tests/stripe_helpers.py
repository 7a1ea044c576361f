"""Acting as a person on the emulator's hosted pages, and as Stripe delivering events to a test client."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from devstack.stripe_emulator.webhooks import sign


def pay(url: str, card: str) -> tuple[int, str]:
    """Submit a card on a hosted checkout or invoice page. Returns (status, Location or body)."""
    data = urllib.parse.urlencode({"card_number": card}).encode()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, data=data, method="POST"), timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location") or exc.read().decode()


def events_for(client, *, order_id: str) -> list[dict]:
    """Every event the emulator holds about one order, oldest first (as plain dicts)."""
    found, starting_after = [], None
    while True:
        params = {"limit": 100, **({"starting_after": starting_after} if starting_after else {})}
        page = client.v1.events.list(params=params)
        for event in page.data:
            raw = event.to_dict()
            obj = raw["data"]["object"]
            if (obj.get("metadata") or {}).get("order_id") == order_id or obj.get("client_reference_id") == order_id:
                found.append(raw)
        if not page.has_more:
            return list(reversed(found))
        starting_after = page.data[-1].id


def deliver(test_client, event: dict, secret: str, *, tamper: bool = False):
    payload = json.dumps(event, default=str).encode()  # the SDK turns decimal strings into Decimal
    header = sign(payload, secret)
    if tamper:
        header = header[:-4] + ("0000" if not header.endswith("0000") else "1111")
    return test_client.post("/stripe/webhook/", data=payload, content_type="application/json",
                            HTTP_STRIPE_SIGNATURE=header)
