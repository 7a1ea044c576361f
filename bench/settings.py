"""Quorum's settings plus a bare view, for the benchmark floors only (never deployed)."""
from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": True}
