"""The prompt: a minimised snapshot (no emails, phone numbers, links or tokens; internal notes only when a
setting allows), the engine's findings as a starting point, and the tool the answer must call. Pure Python.

What goes out is exactly what `converse_request` returns; its hash identifies the prompt in the result."""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from dealroom.domain.intelligence import DealSnapshot, Insights, draft_triggers
from dealroom.intelligence.schema import TOOL_NAME, insights_schema

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_LINK = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+(\.[\w-]+)*\.[a-z]{2,}/\S*", re.I)
_PHONE = re.compile(r"(?<!\w)\+?[\d(][\d\s().-]{7,}\d")  # a phone number once it has nine digits or more
_TOKEN = re.compile(r"\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}\b")

SYSTEM = (
    "You coach a B2B seller on one deal. Use only the facts in the deal snapshot; never invent people, prices, "
    "links or dates. Rank the next best actions, most urgent first: each names what to do, why now, and the "
    "facts behind it. Write objection-handling talking points in the Challenger style (teach, tailor, take "
    "control) grounded in the MEDDPICC fields. Drafts are emails for the seller to edit, never sent by you. "
    f"Answer only by calling the tool {TOOL_NAME}."
)


def _phone(match: re.Match[str]) -> str:
    return "[phone]" if sum(c.isdigit() for c in match.group()) >= 9 else match.group()


def scrub(text: str) -> str:
    for pattern, mark in ((_EMAIL, "[email]"), (_LINK, "[link]"), (_TOKEN, "[token]")):
        text = pattern.sub(mark, text)
    return _PHONE.sub(_phone, text)


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: _scrubbed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrubbed(v) for v in value]
    return value


def minimised(snapshot: DealSnapshot, *, include_notes: bool) -> dict[str, Any]:
    """The facts a model needs, and nothing that identifies a person's contact or grants access."""
    s = snapshot
    committee = [{"role": r.role, "members": r.holders, "quiet_days": round(r.quiet_days, 1), "views": r.views,
                  "actions": r.actions, "required": r.role in s.required_roles,
                  "approved_current_version": r.role in s.approved_roles,
                  "approval_cleared_by_quote_change": r.role in s.stale_approvals} for r in s.roles]
    facts: dict[str, Any] = {
        "account_name": s.account_name, "stage": s.stage, "days_in_stage": round(s.days_in_stage, 1),
        "deal_age_days": round(s.age_days, 1), "expected_value": {"amount": s.expected_value, "currency": s.currency},
        "meddpicc": dict(s.meddpicc), "committee": committee, "quote_version": s.quote_version,
        "last_activity_days": None if s.last_activity_days is None else round(s.last_activity_days, 1),
        "payment": {"state": s.payment.state, "method": s.payment.method, "days_overdue": s.payment.days_overdue},
        "subscription": None if s.subscription is None else {
            "status": s.subscription.status, "failed_payments_90d": s.subscription.failed_payments,
            "cancel_at_period_end": s.subscription.cancel_at_period_end, "seats": s.subscription.seats,
            "seats_peak_90d": s.subscription.seats_peak, "days_to_renewal": s.subscription.days_to_renewal},
    }
    if include_notes and s.internal_notes.strip():
        facts["internal_notes"] = s.internal_notes
    return dict(_scrubbed(facts))


def _findings(engine: Insights) -> dict[str, Any]:
    factors = [f"{f.label} ({f.points:+d}): {f.detail}" for f in engine.score.factors]
    return {"score": engine.score.value, "factors": factors,
            "actions": [{"title": a.title, "reason": a.reason} for a in engine.actions],
            "churn_risk": None if engine.churn is None else engine.churn.level}


def converse_request(*, snapshot: DealSnapshot, engine: Insights, model_id: str, max_tokens: int,
                     include_notes: bool) -> dict[str, Any]:
    """The keyword arguments of bedrock-runtime `converse` (the schema is cut to the drafts that apply)."""
    document = {"deal": minimised(snapshot, include_notes=include_notes), "engine": _scrubbed(_findings(engine))}
    triggers = draft_triggers(snapshot=snapshot)
    ask = ("Deal snapshot and the rules engine's findings (improve on them, do not just copy them):\n```json\n"
           + json.dumps(document, indent=1, sort_keys=True) + "\n```\n"
           + (f"Also draft the follow-up email for: {', '.join(triggers)}.\n" if triggers else ""))
    return {
        "modelId": model_id,
        "system": [{"text": SYSTEM}],
        "messages": [{"role": "user", "content": [{"text": ask}]}],
        "inferenceConfig": {"maxTokens": max_tokens, "temperature": 0},
        "toolConfig": {"tools": [{"toolSpec": {"name": TOOL_NAME, "description": "Record the insights for the deal.",
                                               "inputSchema": {"json": insights_schema(triggers=triggers)}}}],
                       "toolChoice": {"tool": {"name": TOOL_NAME}}},
    }


def prompt_hash(request: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def prompt_tokens(request: dict[str, Any]) -> int:
    """An estimate before the call (~4 characters a token), for the cap; Bedrock reports the real count."""
    return -(-len(json.dumps(request)) // 4)
