"""commerce's key catalogue: every PK/SK/GSI key pattern of its items, as pure string functions.

No other module spells a key. Each pattern in PATTERNS is documented in docs/data-model.md with the query
it serves (tests/unit/test_key_catalogue.py checks both).
"""
from __future__ import annotations

PRICE_DIGITS = 12  # Money.MAX_AMOUNT has 11 digits; zero-padded so strings sort like numbers
TIME_DIGITS = 10

PATTERNS = (
    "PRODUCT#<sku>", "PRODUCT", "STOCK", "RESERVATION#<order>", "CATEGORY#<cat>", "CATALOG", "CATALOG#RETIRED",
    "PRICE#<12-digit minor units>#<sku>", "CART#<id>", "CART", "ORDER#<id>", "ORDER", "ORDERS#<status>",
    "RESERVATIONS#HELD", "STRIPE_EVENT#<evt>", "EVENT", "STRIPE_EVENTS", "STRIPE_EVENTS#<status>",
    "STRIPE_EVENT#<received>#<evt>", "PAYLOAD#<n>", "STRIPE_REJECTED#<day>", "ACCOUNT#<account>", "STRIPE_CUSTOMER",
    "SUBSCRIPTION#<sub>", "SUBSCRIPTION", "USER#<id>", "PROFILE", "EMAIL#<email>", "CLAIM", "SESSION#<key>",
    "SESSION", "THROTTLE#<scope>#<key>", "AUDIT", "AUDIT#<type>#<id>", "FANOUT#<stage>", "<ms>#<random>",
    "VENDOR#<id>", "VENDOR", "VENDORS", "VENDOR_SHARE#<vendor>", "VENDOR_SHARES#<vendor>",
    "PRIVACY#<request>", "ERASURE", "PRIVACY_REQUESTS", "<10-digit requested at>#<request>",
)

# --- catalog and stock ------------------------------------------------------------------------------

PRODUCT_SK = "PRODUCT"
STOCK_SK = "STOCK"
RESERVATION_PREFIX = "RESERVATION#"
CATALOG_PK = "CATALOG"  # GSI2 partition of every active product, and the base partition of category items
RETIRED_PK = "CATALOG#RETIRED"  # GSI2 partition of deactivated products (the admin's "retired" filter)
CATEGORY_PREFIX = "CATEGORY#"
PRICE_PREFIX = "PRICE#"


def product_pk(sku: str) -> str:
    return f"PRODUCT#{sku}"


def reservation_sk(order_id: str) -> str:
    return f"{RESERVATION_PREFIX}{order_id}"


def category_pk(category: str) -> str:
    return f"{CATEGORY_PREFIX}{category}"


def category_sk(category: str) -> str:
    return f"{CATEGORY_PREFIX}{category}"


def price_sk(amount: int, sku: str) -> str:
    return f"{PRICE_PREFIX}{amount:0{PRICE_DIGITS}d}#{sku}"


def price_below_sk(max_amount: int) -> str:
    """Every price sort key of an amount <= max_amount sorts before this one."""
    return f"{PRICE_PREFIX}{max_amount + 1:0{PRICE_DIGITS}d}#"


HELD_RESERVATIONS_PK = "RESERVATIONS#HELD"  # sparse GSI1 partition: only reservations still held


def held_reservation_sk(hold_until: int, sku: str, order_id: str) -> str:
    return f"{hold_until:0{TIME_DIGITS}d}#{order_id}#{sku}"


def held_before_sk(now: int) -> str:
    return f"{now:0{TIME_DIGITS}d}#~"


# --- carts and orders -------------------------------------------------------------------------------

CART_SK = "CART"
ORDER_SK = "ORDER"


def cart_pk(cart_id: str) -> str:
    return f"CART#{cart_id}"


def order_pk(order_id: str) -> str:
    return f"ORDER#{order_id}"


def orders_by_status_pk(status: str) -> str:
    return f"ORDERS#{status}"  # GSI2: orders in one status, by creation time


def order_time_sk(created_at: int, order_id: str) -> str:
    return f"{created_at:0{TIME_DIGITS}d}#{order_id}"


# --- Stripe -----------------------------------------------------------------------------------------

EVENT_SK = "EVENT"
ALL_EVENTS_PK = "STRIPE_EVENTS"  # GSI1: every event, newest last
ORDER_EVENT_PREFIX = "STRIPE_EVENT#"
PAYLOAD_PART_PREFIX = "PAYLOAD#"
STRIPE_CUSTOMER_SK = "STRIPE_CUSTOMER"
SUBSCRIPTION_SK = "SUBSCRIPTION"


def stripe_event_pk(event_id: str) -> str:
    return f"STRIPE_EVENT#{event_id}"


def stripe_events_by_status_pk(status: str) -> str:
    return f"STRIPE_EVENTS#{status}"  # GSI2: events in one status (failed ones for the admin and replay)


def stripe_event_time_sk(received_at: int, event_id: str) -> str:
    return f"{received_at:0{TIME_DIGITS}d}#{event_id}"


def payload_part_sk(number: int) -> str:
    return f"{PAYLOAD_PART_PREFIX}{number:04d}"


def order_stripe_event_sk(received_at: int, event_id: str) -> str:
    return f"{ORDER_EVENT_PREFIX}{received_at:0{TIME_DIGITS}d}#{event_id}"


def rejected_delivery_pk(day: str) -> str:
    return f"STRIPE_REJECTED#{day}"


def rejected_delivery_sk(received_at: int, unique: str) -> str:
    return f"{received_at:0{TIME_DIGITS}d}#{unique}"


def account_pk(account_id: str) -> str:
    return f"ACCOUNT#{account_id}"


def subscription_pk(subscription_id: str) -> str:
    return f"SUBSCRIPTION#{subscription_id}"


# --- marketplace vendors (Stripe Connect) -------------------------------------------------------------

VENDOR_SK = "VENDOR"
VENDORS_PK = "VENDORS"  # GSI1: every vendor by creation time
VENDOR_SHARE_PREFIX = "VENDOR_SHARE#"


def vendor_pk(vendor_id: str) -> str:
    return f"VENDOR#{vendor_id}"


def vendor_product_sk(sku: str) -> str:
    return product_pk(sku)  # VENDOR#<id> / PRODUCT#<sku>: the vendor's products


def vendor_time_sk(created_at: int, vendor_id: str) -> str:
    return f"{created_at:0{TIME_DIGITS}d}#{vendor_id}"


def vendor_share_sk(vendor_id: str) -> str:
    return f"{VENDOR_SHARE_PREFIX}{vendor_id}"  # under ORDER#<id>: one vendor's share of that order


def vendor_shares_pk(vendor_id: str) -> str:
    return f"VENDOR_SHARES#{vendor_id}"  # GSI1: a vendor's shares by payment time


def share_time_sk(created_at: int, order_id: str) -> str:
    return f"{created_at:0{TIME_DIGITS}d}#{order_id}"


# --- people, sessions, throttles, audit ---------------------------------------------------------------

PROFILE_SK = "PROFILE"
CLAIM_SK = "CLAIM"
SESSION_SK = "SESSION"
AUDIT_PK = "AUDIT"


def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


def email_pk(email: str) -> str:
    return f"EMAIL#{email}"


def session_pk(session_key: str) -> str:
    return f"SESSION#{session_key}"


def throttle_pk(scope: str, key: str) -> str:
    return f"THROTTLE#{scope}#{key}"


def throttle_sk(window_start: int) -> str:
    return f"{window_start:0{TIME_DIGITS}d}"


def audit_sk(at_ms: int, unique: str) -> str:
    return f"{at_ms:015d}#{unique}"


def audit_target_pk(target_type: str, target_id: str) -> str:
    return f"AUDIT#{target_type}#{target_id}"


# --- CRM fan-out --------------------------------------------------------------------------------------


def fanout_pk(stage: str) -> str:
    """The batches published to the bus of one stage, newest last (the admin's "last events published")."""
    return f"FANOUT#{stage}"


def fanout_sk(at_ms: int, unique: str) -> str:
    return f"{at_ms:013d}#{unique}"


# --- privacy ------------------------------------------------------------------------------------------

ERASURE_SK = "ERASURE"
PRIVACY_REQUESTS_PK = "PRIVACY_REQUESTS"  # GSI1: every erasure request, by request time (admin, sweep)


def privacy_pk(request_id: str) -> str:
    return f"PRIVACY#{request_id}"


def privacy_requested_sk(requested_at: int, request_id: str) -> str:
    return f"{requested_at:0{TIME_DIGITS}d}#{request_id}"
