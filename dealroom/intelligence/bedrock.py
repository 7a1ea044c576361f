"""Amazon Bedrock runtime through boto3, Converse only. The ONLY module that creates a `bedrock-runtime`
client. Short timeouts and a single attempt (the engine is the fallback, so a retry storm buys nothing);
every failure becomes a ProviderFailure naming its reason."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Optional, Protocol

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from dealroom.intelligence.config import ProviderConfig

LOCAL_KEYS = ("quorumlocal", "quorumlocal")  # the devstack stand-in accepts these (as DynamoDB Local does)
REASONS_BY_CODE = {
    "ThrottlingException": "throttled", "ModelNotReadyException": "throttled",
    "ServiceQuotaExceededException": "throttled",
    "ModelTimeoutException": "timeout",
    "AccessDeniedException": "access_denied", "UnrecognizedClientException": "access_denied",
    "InvalidSignatureException": "access_denied", "MissingAuthenticationTokenException": "access_denied",
    "ExpiredTokenException": "access_denied",
    "ValidationException": "invalid_request", "ResourceNotFoundException": "invalid_request",
    "ServiceUnavailableException": "unavailable", "InternalServerException": "unavailable",
    "ModelErrorException": "model_error",
}


class ProviderFailure(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class ConverseClient(Protocol):
    def converse(self, **kwargs: Any) -> dict[str, Any]: ...


@dataclass(frozen=True)
class ConverseReply:
    tool_input: Any  # what the model passed to the tool; None when it did not call it
    stop_reason: str
    input_tokens: int
    output_tokens: int
    model_latency_ms: int  # Bedrock's own measure


_clients: dict[tuple[Any, ...], ConverseClient] = {}
_lock = threading.Lock()


def client_for(config: ProviderConfig) -> ConverseClient:
    """One client per configuration and process (creating one costs more than a call to the stand-in)."""
    key = (config.region, config.endpoint_url, config.connect_timeout, config.read_timeout, config.local)
    with _lock:
        if key not in _clients:
            options: dict[str, Any] = {}
            if config.local and boto3.Session().get_credentials() is None:
                options = {"aws_access_key_id": LOCAL_KEYS[0], "aws_secret_access_key": LOCAL_KEYS[1]}
            _clients[key] = boto3.client(
                "bedrock-runtime", region_name=config.region, endpoint_url=config.endpoint_url,
                config=Config(connect_timeout=config.connect_timeout, read_timeout=config.read_timeout,
                              retries={"total_max_attempts": 1, "mode": "standard"}),
                **options)
        return _clients[key]


def converse(*, client: ConverseClient, request: dict[str, Any], tool_name: str) -> ConverseReply:
    try:
        response = client.converse(**request)
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        message = str(error.response.get("Error", {}).get("Message", ""))
        raise ProviderFailure(REASONS_BY_CODE.get(code, "error"), f"{code}: {message}"[:300]) from None
    except (ReadTimeoutError, ConnectTimeoutError) as error:
        raise ProviderFailure("timeout", str(error)[:300]) from None
    except (EndpointConnectionError, ConnectionClosedError) as error:
        raise ProviderFailure("unavailable", str(error)[:300]) from None
    except BotoCoreError as error:
        raise ProviderFailure("error", f"{type(error).__name__}: {error}"[:300]) from None
    usage = response.get("usage") or {}
    blocks = ((response.get("output") or {}).get("message") or {}).get("content") or []
    call: Optional[dict[str, Any]] = next((b["toolUse"] for b in blocks if isinstance(b, dict) and "toolUse" in b
                                          and b["toolUse"].get("name") == tool_name), None)
    return ConverseReply(tool_input=None if call is None else call.get("input"),
                         stop_reason=str(response.get("stopReason", "")),
                         input_tokens=int(usage.get("inputTokens", 0)), output_tokens=int(usage.get("outputTokens", 0)),
                         model_latency_ms=int((response.get("metrics") or {}).get("latencyMs", 0)))
