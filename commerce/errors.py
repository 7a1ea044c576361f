"""Quorum's domain errors. Services raise these; the transport maps them to HTTP once (config/api.py).

Pure Python: no django, boto3 or stripe.
"""
from __future__ import annotations

from typing import Any


class QuorumError(Exception):
    """Base error: `code` is stable for machines, `detail` is written for people."""

    code = "error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "detail": self.detail, **self.extra}


class NotFound(QuorumError):
    code = "not_found"


class InvalidInput(QuorumError):
    code = "invalid"


class Conflict(QuorumError):
    code = "conflict"


class DependencyUnavailable(QuorumError):
    code = "dependency_unavailable"
