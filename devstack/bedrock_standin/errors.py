"""Bedrock runtime's error shape (rest-json): the HTTP status, an `x-amzn-ErrorType` header naming the code,
and a body `{"message": ...}`. botocore maps the code to the client's exception class."""
from __future__ import annotations

from collections.abc import Callable

ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/"


class BedrockError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def headers(self) -> dict[str, str]:
        return {"x-amzn-ErrorType": self.code + ERROR_TYPE_SUFFIX}

    def body(self) -> dict[str, str]:
        return {"message": self.message}


def validation(message: str) -> BedrockError:
    return BedrockError(400, "ValidationException", message)


def throttling() -> BedrockError:
    return BedrockError(429, "ThrottlingException", "Too many requests, please wait before trying again.")


def access_denied() -> BedrockError:
    return BedrockError(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.")


def model_timeout() -> BedrockError:
    return BedrockError(408, "ModelTimeoutException", "Model has timed out in processing the request. Try your "
                                                      "request again.")


def unavailable() -> BedrockError:
    return BedrockError(503, "ServiceUnavailableException", "The service is temporarily unable to handle the "
                                                            "request. Try again later.")


def internal() -> BedrockError:
    return BedrockError(500, "InternalServerException", "The server encountered an internal error. Try again later.")


def not_ready() -> BedrockError:
    return BedrockError(429, "ModelNotReadyException", "The model is not ready to serve inference requests. Try "
                                                       "again later.")


def model_error() -> BedrockError:
    return BedrockError(424, "ModelErrorException", "The model returned an error while processing the request.")


def not_found(what: str) -> BedrockError:
    return BedrockError(404, "ResourceNotFoundException", f"{what} not found.")


def missing_token() -> BedrockError:
    return BedrockError(403, "MissingAuthenticationTokenException", "Missing Authentication Token")


def unrecognized_client() -> BedrockError:
    return BedrockError(403, "UnrecognizedClientException", "The security token included in the request is invalid.")


def bad_signature(detail: str) -> BedrockError:
    return BedrockError(403, "InvalidSignatureException", detail)


# What the test-control endpoint can force for the next answers (besides "ok", "slow", "malformed", "text").
FORCED: dict[str, Callable[[], BedrockError]] = {
    "throttle": throttling, "denied": access_denied, "timeout": model_timeout, "unavailable": unavailable,
    "internal": internal, "not_ready": not_ready, "model_error": model_error,
    "validation": lambda: validation("Malformed input request, please reformat your input and try again."),
}
