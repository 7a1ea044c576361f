"""Nothing secret reaches the logs, even with every logger at DEBUG (botocore's signing, Stripe's requests,
Django's requests): no API key, webhook secret, password, invitation token, SigV4 signature, full card number
or customer email, asserted on what the configured console handler actually wrote."""
from __future__ import annotations

import logging
import re

from django.conf import settings
from django.test import Client

from dealroom.services.deals import deal_create
from realtime.publisher import ChannelEvent, publish
from tests import factories
from tests.integration.ops_helpers import PASSWORD, staff
from tests.log_helpers import console_output, json_lines
from tests.stripe_helpers import deliver

LOGGERS = ("", "botocore", "stripe", "urllib3", "django", "commerce", "dealroom", "realtime", "pynamodb")


def test_debug_logs_of_real_flows_hold_no_secret_token_card_or_customer_data(table):
    from tests.integration.test_payments import order_with_session

    factories.product("REDACT-1", price=1200, stock=5)
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        with console_output() as logs:
            created = deal_create(account_name="Redact Co", owner="sales@q.test", base_url="http://testserver",
                                  members=(("erin.buyer@redact.test", "economic_buyer", "Erin"),))
            link = created.invites["erin.buyer@redact.test"]
            token = link.rstrip("/").rsplit("/", 1)[1]
            member = Client()
            assert member.post(link.replace("http://testserver", "")).status_code == 302  # joined by link
            assert member.post(f"/deals/join/{token}/").status_code in (302, 403, 404, 410)  # used twice: refused
            staff("ops@redact.test", "admin")
            assert Client().post("/admin/login/", {"email": "ops@redact.test", "password": "not the password!"}
                                 ).status_code == 401
            assert Client().post("/admin/login/", {"email": "ops@redact.test", "password": PASSWORD}
                                 ).status_code == 302
            order = order_with_session(**{"REDACT-1": 1})  # Stripe requests carry the secret key
            event = {"id": "evt_redact", "type": "checkout.session.completed", "object": "event",
                     "data": {"object": {"id": "cs_x", "client_reference_id": order.id}}}
            assert deliver(Client(), event, settings.STRIPE_WEBHOOK_SECRET, tamper=True).status_code == 400
            publish(ChannelEvent(channel="deal:redact", seq=1, type="probe", occurred_at="2026-01-01T00:00:00Z",
                                 payload={}))  # SigV4-signed: botocore logs its signing at DEBUG
            logging.getLogger("commerce.test").warning("customer %s paid with %s, client secret %s",
                                                       "jane.roe@acme.test", "4242 4242 4242 4242",
                                                       "pi_3Abc_secret_XyZ123")
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)

    text = logs.getvalue()
    lines = json_lines(text)
    assert len(lines) > 50 and {"botocore.auth", "django.request"} <= {line["name"] for line in lines}
    for secret in (settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET, settings.APPSYNC_API_KEY, PASSWORD,
                   "not the password!", token, "erin.buyer@redact.test", "jane.roe@acme.test",
                   "4242 4242 4242 4242", "4242424242424242", "pi_3Abc_secret_XyZ123"):
        assert secret not in text, f"{secret!r} reached the logs"
    assert not re.search(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])", text)  # no SigV4 signature
    assert "[card ****4242]" in text and "j***@acme.test" in text  # what remains says enough to debug
