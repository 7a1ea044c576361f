"""dealroom's key catalogue: every PK/SK/GSI key pattern of its items, as pure string functions.

No other module spells a key. Each pattern in PATTERNS is documented in docs/data-model.md with the query
it serves (tests/unit/test_key_catalogue.py checks both).
"""
from __future__ import annotations

SEQ_DIGITS = 10
TIME_DIGITS = 10

PATTERNS = (
    "DEAL#<id>", "DEAL", "DEALS", "MEMBER#<user>", "USER#<user>", "DEAL#<id>", "EVENT#<10-digit seq>",
    "INVITE#<id>", "INVITE", "QUOTE_SKU#<sku>", "INSIGHTS", "DEAL_SCORES", "<open or closed>#<3-digit score>#<id>",
    "DRAFT#<trigger>#<ref>", "AIUSAGE#<day>", "INVITEE#<email>",
)

DEAL_SK = "DEAL"
DEALS_PK = "DEALS"  # GSI1: every deal, by creation time (staff's lists)
MEMBER_PREFIX = "MEMBER#"
EVENT_PREFIX = "EVENT#"
DEAL_PREFIX = "DEAL#"
INVITE_SK = "INVITE"
INSIGHTS_SK = "INSIGHTS"  # the deal's latest insights (score, actions, talking points, provenance)
SCORES_PK = "DEAL_SCORES"  # GSI2: every scored deal, open ones after closed ones, by score
DRAFT_PREFIX = "DRAFT#"
SCORE_DIGITS = 3
LAST_SEQ = 10**SEQ_DIGITS - 1


def deal_pk(deal_id: str) -> str:
    return f"{DEAL_PREFIX}{deal_id}"


def deal_created_sk(created_at: int, deal_id: str) -> str:
    return f"{created_at:0{TIME_DIGITS}d}#{deal_id}"


def member_sk(user_id: str) -> str:
    return f"{MEMBER_PREFIX}{user_id}"


def user_deals_pk(user_id: str) -> str:
    return f"USER#{user_id}"  # GSI1: the deals a person is a member of


def event_sk(seq: int) -> str:
    return f"{EVENT_PREFIX}{seq:0{SEQ_DIGITS}d}"


def invite_pk(invite_id: str) -> str:
    return f"INVITE#{invite_id}"


def invitee_pk(email: str) -> str:
    return f"INVITEE#{email}"  # GSI1: the invitations sent to one email (privacy export and erasure)


def quote_sku_pk(sku: str) -> str:
    return f"QUOTE_SKU#{sku}"


def score_sk(*, open_: bool, score: int, deal_id: str) -> str:
    """GSI2 DEAL_SCORES: `open#...` sorts after `closed#...`, so descending reads open deals first."""
    return f"{score_state(open_)}{score:0{SCORE_DIGITS}d}#{deal_id}"


def score_state(open_: bool) -> str:
    return "open#" if open_ else "closed#"


def draft_sk(trigger: str, ref: str) -> str:
    return f"{DRAFT_PREFIX}{trigger}#{ref}"


def ai_usage_sk(day: str) -> str:
    return f"AIUSAGE#{day}"
