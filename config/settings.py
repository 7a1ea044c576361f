"""Quorum settings, read from the environment (12-factor).

Local defaults point at the devstack services (see devstack/ and README.md). Set QUORUM_ENV=production
to get the strict mode: it refuses to start without SECRET_KEY or with DEBUG on.
"""
from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


QUORUM_ENV = env("QUORUM_ENV", "local")
if QUORUM_ENV not in {"local", "test", "production"}:
    raise ImproperlyConfigured(f"QUORUM_ENV must be local, test or production, not {QUORUM_ENV!r}")
PRODUCTION = QUORUM_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env("SECRET_KEY")
if PRODUCTION:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when QUORUM_ENV=production")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when QUORUM_ENV=production")
elif not SECRET_KEY:
    SECRET_KEY = "quorum-local-development-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# --- AWS: one DynamoDB table, AppSync for realtime -------------------------------------------------
AWS_REGION = env("AWS_REGION", "us-east-1")
DYNAMODB_ENDPOINT_URL = env("DYNAMODB_ENDPOINT_URL", "" if PRODUCTION else "http://127.0.0.1:8001")
DYNAMODB_TABLE = env("DYNAMODB_TABLE", "quorum-local")
APPSYNC_GRAPHQL_URL = env("APPSYNC_GRAPHQL_URL", "" if PRODUCTION else "http://127.0.0.1:20002/graphql")
APPSYNC_API_KEY = env("APPSYNC_API_KEY", "" if PRODUCTION else "da2-quorumlocaldevelopmentkey")

# --- Stripe ---------------------------------------------------------------------------------------
STRIPE_API_BASE = env("STRIPE_API_BASE", "" if PRODUCTION else "http://127.0.0.1:12111")
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", "" if PRODUCTION else "sk_test_quorum_local")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", "" if PRODUCTION else "whsec_quorum_local")
# Connect: events of vendors' connected accounts reach /stripe/connect/webhook/, signed with their endpoint's own
# secret; Quorum keeps CONNECT_DEFAULT_FEE_RATE_BPS (basis points: 1000 = 10 %) of a vendor's sale unless the
# vendor has its own rate.
STRIPE_CONNECT_WEBHOOK_SECRET = env("STRIPE_CONNECT_WEBHOOK_SECRET", "" if PRODUCTION else "whsec_quorum_connect_local")
CONNECT_DEFAULT_FEE_RATE_BPS = int(env("CONNECT_DEFAULT_FEE_RATE_BPS", "1000"))
if not 0 <= CONNECT_DEFAULT_FEE_RATE_BPS <= 5000:
    raise ImproperlyConfigured("CONNECT_DEFAULT_FEE_RATE_BPS is basis points between 0 and 5000 (0 % to 50 %)")
# Every Stripe call gives up after this (connect and read), with one network retry: a request never hangs
# on Stripe, and the person sees "Stripe is unavailable" (503) instead.
STRIPE_TIMEOUT_SECONDS = float(env("STRIPE_TIMEOUT_SECONDS", "8"))

# Checkout holds stock this long; Stripe Checkout sessions expire with it (Stripe allows 30 min to 24 h).
CHECKOUT_HOLD_SECONDS = int(env("CHECKOUT_HOLD_SECONDS", str(35 * 60)))

# Per client (address) and hour: new carts and checkouts; and what one unpaid storefront checkout may hold
# of one product (larger quantities are bought through a deal room). 0 turns a limit off.
CARTS_PER_CLIENT_PER_HOUR = int(env("CARTS_PER_CLIENT_PER_HOUR", "60"))
CHECKOUTS_PER_CLIENT_PER_HOUR = int(env("CHECKOUTS_PER_CLIENT_PER_HOUR", "20"))
CHECKOUT_MAX_UNITS_PER_PRODUCT = int(env("CHECKOUT_MAX_UNITS_PER_PRODUCT", "100"))

# Cart lines are priced from a per-process product cache this many seconds old at most (checkout re-reads).
PRODUCT_CACHE_SECONDS = float(env("PRODUCT_CACHE_SECONDS", "30"))

# Deal rooms: invitation links are built on this base URL when no request is at hand (commands, seeds).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
STALLED_AFTER_DAYS = int(env("STALLED_AFTER_DAYS", "5"))
# Privacy (docs/privacy.md): committee members whose every deal closed this many days ago are erased.
PRIVACY_RETENTION_DAYS_AFTER_CLOSE = int(env("PRIVACY_RETENTION_DAYS_AFTER_CLOSE", "730"))
AUDIT_RETENTION_DAYS = int(env("AUDIT_RETENTION_DAYS", str(6 * 365)))  # the admin's audit log
# Staff sign-in to the admin: sessions end after STAFF_SESSION_SECONDS (8 h) or when the browser closes;
# failed sign-ins are counted per account and per address in fixed windows.
STAFF_SESSION_SECONDS = int(env("STAFF_SESSION_SECONDS", str(8 * 3600)))
STAFF_LOGIN_WINDOW_SECONDS = int(env("STAFF_LOGIN_WINDOW_SECONDS", "900"))
STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT = int(env("STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT", "5"))
STAFF_LOGIN_MAX_FAILURES_PER_ADDRESS = int(env("STAFF_LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))

# --- Revenue-stack fan-out: committed events -> EventBridge bus quorum-<stage> -> one SQS queue per vendor ----
# INTEGRATIONS_STAGE names the bus and the queues (empty: the fan-out is off). Locally the endpoints are the
# devstack's moto server; on AWS they stay empty. CRM_INTERNAL_NOTES_VENDORS lists vendors that may receive
# staff's internal notes (none by default).
INTEGRATIONS_STAGE = env("INTEGRATIONS_STAGE", "" if PRODUCTION else "local")
EVENTS_ENDPOINT_URL = env("EVENTS_ENDPOINT_URL", "" if PRODUCTION else "http://127.0.0.1:4566")
SQS_ENDPOINT_URL = env("SQS_ENDPOINT_URL", "" if PRODUCTION else "http://127.0.0.1:4566")
CLOUDWATCH_ENDPOINT_URL = env("CLOUDWATCH_ENDPOINT_URL", "" if PRODUCTION else "http://127.0.0.1:4566")
CRM_INTERNAL_NOTES_VENDORS = env_list("CRM_INTERNAL_NOTES_VENDORS", "")
FANOUT_TIMEOUT_SECONDS = float(env("FANOUT_TIMEOUT_SECONDS", "3"))

# --- Deal intelligence: the deterministic engine, or Amazon Bedrock (Converse) with the engine as fallback --
QUORUM_AI_PROVIDER = env("QUORUM_AI_PROVIDER", "engine")
if QUORUM_AI_PROVIDER not in {"engine", "bedrock"}:
    raise ImproperlyConfigured(f"QUORUM_AI_PROVIDER must be engine or bedrock, not {QUORUM_AI_PROVIDER!r}")
BEDROCK_MODEL_ID = env("BEDROCK_MODEL_ID", "anthropic.claude-3-haiku-20240307-v1:0")
BEDROCK_REGION = env("BEDROCK_REGION", AWS_REGION)
BEDROCK_ENDPOINT_URL = env("BEDROCK_ENDPOINT_URL", "" if PRODUCTION else "http://127.0.0.1:4010")  # devstack stand-in
BEDROCK_CONNECT_TIMEOUT_SECONDS = float(env("BEDROCK_CONNECT_TIMEOUT_SECONDS", "2"))
BEDROCK_READ_TIMEOUT_SECONDS = float(env("BEDROCK_READ_TIMEOUT_SECONDS", "10"))
BEDROCK_MAX_OUTPUT_TOKENS = int(env("BEDROCK_MAX_OUTPUT_TOKENS", "1500"))
BEDROCK_INPUT_USD_PER_MTOK = env("BEDROCK_INPUT_USD_PER_MTOK", "0.25")  # the default model's list prices
BEDROCK_OUTPUT_USD_PER_MTOK = env("BEDROCK_OUTPUT_USD_PER_MTOK", "1.25")
QUORUM_AI_DAILY_BUDGET_USD_PER_DEAL = env("QUORUM_AI_DAILY_BUDGET_USD_PER_DEAL", "0.05")
QUORUM_AI_DAILY_TOKENS_PER_DEAL = int(env("QUORUM_AI_DAILY_TOKENS_PER_DEAL", "60000"))
QUORUM_AI_INCLUDE_INTERNAL_NOTES = env_bool("QUORUM_AI_INCLUDE_INTERNAL_NOTES", default=False)

# Dependencies reported by /healthz, by name.
HEALTH_CHECKS = env_list("HEALTH_CHECKS", "dynamodb,appsync,stripe,webhooks,eventbridge,sqs")
HEALTH_TIMEOUT_SECONDS = float(env("HEALTH_TIMEOUT_SECONDS", "2"))

# --- Django ---------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "daphne",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "commerce",
    "realtime",
    "storefront",
    "dealroom",
]
if PRODUCTION or not env_bool("QUORUM_DAPHNE", default=True):
    # daphne only serves local runs; it is not shipped to Lambda.
    INSTALLED_APPS.remove("daphne")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.ContentSecurityPolicy",
    "config.security.HeadAsGet",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.observability.middleware.ObservabilityMiddleware",  # traces, correlation id, metrics (not static)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.errors.ErrorPages",
]

ROOT_URLCONF = "config.urls"
# django-ninja's Swagger UI template and assets, found without importing ninja (see config.api.LocalSwagger)
NINJA_ASSETS = Path(find_spec("ninja").origin).parent
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", NINJA_ASSETS / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

# No relational database: every item lives in the one DynamoDB table. Users and sessions included, so
# django.contrib.auth/contenttypes/sessions (which need the ORM) are not installed.
DATABASES: dict = {}

# Staff passwords (manage.py createstaff): Django's hashers (PBKDF2) and validators.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_ENGINE = "commerce.persistence.session_store"
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(14 * 24 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION

# HTTPS in production: Lambda's function URL terminates TLS and says so in X-Forwarded-Proto; every http
# request is redirected, and browsers are told to use https only (HSTS). `manage.py check --deploy` is clean.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # uptime checks may probe the plain address
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every page (config/security.py): Quorum's pages load scripts, styles and data
# only from their own origin (no inline script anywhere); the room's websocket is same-origin too.
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
)
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static", NINJA_ASSETS / "static"]
STATIC_ROOT = None  # nothing to collect: whitenoise serves static/ and app static dirs through the finders
WHITENOISE_USE_FINDERS = True

# Channels: no channel layer. Cross-process fan-out goes through AppSync; within a process the gateway's
# hub fans out (a layer would give every socket a channel and a receive task it never uses).
CHANNEL_LAYERS: dict = {}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # JSON lines (Powertools' formatter) with the correlation id, scrubbed of secrets; LOG_FORMAT=plain to read
    "formatters": {"json": {"()": "config.observability.logs.JsonFormatter"},
                   "plain": {"()": "config.observability.logs.PlainFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": env("LOG_FORMAT", "json")}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"botocore": {"level": "WARNING"}, "pynamodb": {"level": "WARNING"}, "stripe": {"level": "WARNING"},
                "aws_xray_sdk": {"level": "ERROR"},
                # Zappa's per-request access line (no correlation id; a path may carry a token) stays off: the
                # function URL's metrics count requests, traces follow them, Django logs 4xx/5xx itself; and a
                # request that logs nothing never imports the JSON formatter (cold start)
                "zappa": {"level": "WARNING"}},
}

# --- Observability (config/observability): X-Ray traces, EMF metrics --------------------------------------
# Tracing is on where an X-Ray daemon listens: Lambda with active tracing sets AWS_XRAY_DAEMON_ADDRESS, the
# devstack launcher points it at its receiver; tests leave it off unless a test turns it on.
AWS_XRAY_DAEMON_ADDRESS = env("AWS_XRAY_DAEMON_ADDRESS")
QUORUM_TRACING = env_bool("QUORUM_TRACING", default=bool(AWS_XRAY_DAEMON_ADDRESS))
XRAY_SAMPLING_RULES = env("XRAY_SAMPLING_RULES")  # a JSON file or the JSON (default config/observability/sampling.json)
XRAY_TRACES_DIR = env("XRAY_TRACES_DIR", "" if PRODUCTION else str(BASE_DIR / ".devstack" / "xray"))  # Traces page
QUORUM_SERVICE_NAME = env("POWERTOOLS_SERVICE_NAME") or env("AWS_LAMBDA_FUNCTION_NAME", "quorum-local")
QUORUM_METRICS_NAMESPACE = env("POWERTOOLS_METRICS_NAMESPACE", "Quorum")
QUORUM_METRICS = env_bool("QUORUM_METRICS", default=True)
