"""The hosted checkout and invoice pages a person pays on, with test cards."""
from __future__ import annotations

import html
import time
from typing import Optional

STYLE = """body{font-family:system-ui,sans-serif;background:#f6f9fc;color:#1a1f36;margin:0}
main{max-width:440px;margin:48px auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 4px 16px #0001}
h1{font-size:20px;margin:0 0 4px}.amount{font-size:32px;font-weight:700;margin:8px 0 16px}
table{width:100%;border-collapse:collapse;margin-bottom:16px}td{padding:6px 0;border-bottom:1px solid #eee}
td.n{text-align:right}label{display:block;font-size:14px;margin:12px 0 4px;color:#555}
input{width:100%;box-sizing:border-box;padding:10px;border:1px solid #ccd;border-radius:6px;font-size:16px}
button{margin-top:16px;width:100%;padding:12px;border:0;border-radius:6px;background:#635bff;color:#fff;
font-size:16px;font-weight:600;cursor:pointer}.error{color:#c0123c;margin-top:12px}.muted{color:#697386;font-size:13px}
a{color:#635bff}"""


def money(amount: int, currency: str) -> str:
    return f"{amount / 100:,.2f} {currency.upper()}"


def page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><link rel='icon' href='data:,'><style>{STYLE}</style></head>"
            f"<body><main>{body}</main></body></html>").encode()


def checkout_page(session: dict, lines: list[dict], error: Optional[str] = None) -> bytes:
    rows = "".join(f"<tr><td>{html.escape(l['name'])} × {l['quantity']}</td>"
                   f"<td class='n'>{money(l['unit_amount'] * l['quantity'], l['currency'])}"
                   f"{' / ' + l['recurring']['interval'] if l['recurring'] else ''}</td></tr>" for l in lines)
    if session["status"] != "open":
        return page("Checkout", f"<h1>This checkout is {session['status']}</h1>"
                                f"<p class='muted'>Return to the shop to start again.</p>")
    cancel = f"<p class='muted'><a href='{html.escape(session['cancel_url'])}'>← Back to the shop</a></p>" \
        if session.get("cancel_url") else ""
    err = f"<p class='error' role='alert'>{html.escape(error)}</p>" if error else ""
    return page("Pay", f"""{cancel}<h1>Pay Quorum</h1><div class='amount'>{money(session['amount_total'], session['currency'])}</div>
<table>{rows}</table>
<form method='post'><label for='card'>Card number</label>
<input id='card' name='card_number' autocomplete='cc-number' inputmode='numeric' placeholder='4242 4242 4242 4242' required>
<label for='exp'>Expiry</label><input id='exp' name='exp' placeholder='12 / 34' value='12 / 34'>
<label for='cvc'>CVC</label><input id='cvc' name='cvc' placeholder='123' value='123'>
{err}<button type='submit'>Pay {money(session['amount_total'], session['currency'])}</button></form>
<p class='muted'>Test mode. 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.</p>""")


def onboarding_page(account: dict, link_ok: bool) -> bytes:
    name = html.escape(account.get("email") or account["id"])
    if not link_ok:
        return page("Onboarding", "<h1>This link has expired</h1><p class='muted'>Ask the platform for a new one.</p>")
    return page("Onboarding", f"""<h1>Set up payouts</h1><p class='muted'>Connected account {name} · test mode</p>
<form method='post'><input type='hidden' name='action' value='complete'>
<label for='business'>Business name</label><input id='business' name='business_name' placeholder='Vendor Ltd'>
<p class='muted'>Test mode: no details are checked. Submitting enables charges and payouts.</p>
<button type='submit'>Agree and submit</button></form>
<form method='post'><input type='hidden' name='action' value='abandon'>
<button type='submit' style='background:#fff;color:#635bff;border:1px solid #635bff'>Leave without finishing</button></form>""")


def invoice_page(invoice: dict, error: Optional[str] = None, paid_now: bool = False) -> bytes:
    rows = "".join(f"<tr><td>{html.escape(l['description'] or '')}</td><td class='n'>{money(l['amount'], l['currency'])}</td></tr>"
                   for l in invoice["lines"]["data"])
    head = f"<h1>Invoice {html.escape(invoice['number'] or '')}</h1><div class='amount'>{money(invoice['amount_due'], invoice['currency'])}</div><table>{rows}</table>"
    if invoice["status"] == "paid":
        return page("Invoice", head + f"<p id='invoice-status'><strong>Paid</strong>{' — thank you.' if paid_now else ''}</p>")
    if invoice["status"] != "open":
        return page("Invoice", head + f"<p id='invoice-status'>This invoice is {invoice['status']}.</p>")
    due = f"<p class='muted'>Due {time.strftime('%Y-%m-%d', time.gmtime(invoice['due_date']))}</p>" \
        if invoice.get("due_date") else ""
    err = f"<p class='error' role='alert'>{html.escape(error)}</p>" if error else ""
    return page("Invoice", head + due + f"""<form method='post'><label for='card'>Card number</label>
<input id='card' name='card_number' inputmode='numeric' placeholder='4242 4242 4242 4242' required>{err}
<button type='submit'>Pay invoice</button></form>""")
