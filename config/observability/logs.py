"""JSON log lines through Powertools' formatter (LambdaPowertoolsFormatter), for every logger of the process
(Django's LOGGING points the console handler here): level, location, message, timestamp (UTC, RFC 3339),
logger name, service, the correlation id, cold_start, the X-Ray trace id, exceptions with their stack.
Every line is scrubbed (config.observability.redaction) before it is written. The Powertools formatter is
built on the first record, so configuring logging imports nothing heavy (cold start)."""
from __future__ import annotations

import logging
import os
from typing import Any

from config.observability import context, redaction, tracing


def _service() -> str:
    try:
        from django.conf import settings

        return str(settings.QUORUM_SERVICE_NAME)
    except Exception:  # logging before settings are configured
        return os.environ.get("POWERTOOLS_SERVICE_NAME", "quorum")


def _stamp(record: logging.LogRecord) -> None:
    record.correlation_id = context.correlation_id()
    record.cold_start = context.cold_start()
    trace_id = tracing.current_trace_id()
    if trace_id:
        record.trace_id = trace_id


class JsonFormatter(logging.Formatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self._inner: logging.Formatter | None = None

    def format(self, record: logging.LogRecord) -> str:
        if self._inner is None:
            from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

            self._inner = LambdaPowertoolsFormatter(utc=True, use_rfc3339=True, name="%(name)s",
                                                    service=_service())
        _stamp(record)
        return redaction.scrub(self._inner.format(record))


class PlainFormatter(logging.Formatter):
    """LOG_FORMAT=plain: one readable line, the correlation id in front, scrubbed the same way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        _stamp(record)
        return redaction.scrub(super().format(record))
