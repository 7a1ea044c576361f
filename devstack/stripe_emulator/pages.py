"""What a person does on the hosted pages: pay a Checkout Session or an invoice with a test card, complete or
leave Connect onboarding. Each returns (status, html, redirect location)."""
from __future__ import annotations

from typing import Optional
from urllib.parse import parse_qs

from devstack.stripe_emulator import cards, checkout, context, hosted, invoices, onboarding
from devstack.stripe_emulator.store import Store

Answer = tuple[int, Optional[bytes], Optional[str]]


def checkout_page(store: Store, method: str, session_id: str, body: str) -> Answer:
    owner = store.owner.get(session_id)
    session = store.get(session_id, "checkout session", "checkout.session", account=owner)
    lines = []
    for line in store.private[session_id]["lines"]:
        price = store.objects[line["price"]]
        lines.append({"name": line["description"], "quantity": line["quantity"], "unit_amount": price["unit_amount"],
                      "currency": price["currency"], "recurring": price["recurring"]})
    if method != "POST":
        return 200, hosted.checkout_page(session, lines), None
    token = context.current.set(context.RequestContext(account=owner))
    try:
        error = checkout.pay(store, session, (parse_qs(body).get("card_number") or [""])[0])
    finally:
        context.current.reset(token)
    if error is None:
        return 303, None, session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
    return 402, hosted.checkout_page(session, lines, error), None


def invoice_page(store: Store, method: str, invoice_id: str, body: str) -> Answer:
    invoice = store.get(invoice_id, "invoice", "invoice", account=store.owner.get(invoice_id))
    if method != "POST" or invoice["status"] != "open":
        return 200, hosted.invoice_page(invoice), None
    pm = cards.from_number(store, (parse_qs(body).get("card_number") or [""])[0])
    if pm is None:
        return 402, hosted.invoice_page(invoice, "Your card number is invalid."), None
    error = invoices.pay_with(store, invoice, pm, from_request=False)
    if error:
        return 402, hosted.invoice_page(invoice, error["message"]), None
    return 200, hosted.invoice_page(invoice, paid_now=True), None


def onboarding_page(store: Store, method: str, token: str, body: str) -> Answer:
    found = onboarding.link(store, token)
    if found is None:
        return 404, hosted.page("Onboarding", "<h1>Unknown onboarding link</h1>"), None
    if not onboarding.usable(store, found):
        return 303, None, found["refresh_url"]
    if method != "POST":
        return 200, hosted.onboarding_page(store.objects[found["account"]], True), None
    form = parse_qs(body)
    if (form.get("action") or [""])[0] == "complete":
        onboarding.complete(store, found, (form.get("business_name") or [""])[0].strip())
        return 303, None, found["return_url"]
    onboarding.abandon(found)
    return 303, None, found["refresh_url"]
