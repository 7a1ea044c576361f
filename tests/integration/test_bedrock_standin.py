"""The Bedrock runtime stand-in on the wire, through boto3 `bedrock-runtime` (no mocks): Converse with tool
use, Bedrock's errors as boto3's exception classes, SigV4 required, request validation, the control API."""
import json
import urllib.error
import urllib.request

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from tests.integration.bedrock_helpers import MODEL, client, force, received, reset

SCHEMA = {"type": "object", "required": ["score", "actions"], "additionalProperties": False, "properties": {
    "score": {"type": "integer", "minimum": 0, "maximum": 100},
    "actions": {"type": "array", "minItems": 1, "maxItems": 5, "items": {
        "type": "object", "required": ["title", "role"],
        "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 80},
                       "role": {"type": "string", "enum": ["legal", "champion"]}}}}}}
TOOLS = {"tools": [{"toolSpec": {"name": "record", "inputSchema": {"json": SCHEMA}}}],
         "toolChoice": {"tool": {"name": "record"}}}
HELLO = [{"role": "user", "content": [{"text": "Deal:\n```json\n{\"account_name\": \"Northwind\"}\n```"}]}]


@pytest.fixture
def runtime(bedrock):
    reset(bedrock)
    return client(bedrock)


def test_converse_calls_the_tool_with_input_that_fits_its_schema_deterministically(bedrock, runtime):
    first = runtime.converse(modelId=MODEL, messages=HELLO, toolConfig=TOOLS, inferenceConfig={"maxTokens": 400})
    again = runtime.converse(modelId=MODEL, messages=HELLO, toolConfig=TOOLS, inferenceConfig={"maxTokens": 400})
    assert first["stopReason"] == "tool_use"
    call = first["output"]["message"]["content"][0]["toolUse"]
    assert call["name"] == "record" and call["toolUseId"].startswith("tooluse_")
    answer = call["input"]
    assert 0 <= answer["score"] <= 100 and 1 <= len(answer["actions"]) <= 5
    assert all(a["role"] in ("legal", "champion") and "Northwind" in a["title"] for a in answer["actions"])
    assert again["output"] == first["output"]  # same request, same answer
    usage = first["usage"]
    assert usage["inputTokens"] > 0 and usage["totalTokens"] == usage["inputTokens"] + usage["outputTokens"]
    assert first["metrics"]["latencyMs"] > 0
    assert first["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]


def test_without_tools_it_answers_text_and_stops_at_max_tokens(runtime):
    text = runtime.converse(modelId=MODEL, messages=HELLO)
    assert text["stopReason"] == "end_turn" and "Northwind" in text["output"]["message"]["content"][0]["text"]
    cut = runtime.converse(modelId=MODEL, messages=HELLO, toolConfig=TOOLS, inferenceConfig={"maxTokens": 2})
    assert cut["stopReason"] == "max_tokens" and "toolUse" not in cut["output"]["message"]["content"][0]


@pytest.mark.parametrize("forced,exception,status", [
    ("throttle", "ThrottlingException", 429), ("denied", "AccessDeniedException", 403),
    ("timeout", "ModelTimeoutException", 408), ("validation", "ValidationException", 400),
    ("unavailable", "ServiceUnavailableException", 503), ("internal", "InternalServerException", 500),
    ("not_ready", "ModelNotReadyException", 429), ("model_error", "ModelErrorException", 424),
])
def test_forced_errors_raise_boto3s_own_exception_classes(bedrock, runtime, forced, exception, status):
    force(bedrock, forced)
    with pytest.raises(getattr(runtime.exceptions, exception)) as raised:
        runtime.converse(modelId=MODEL, messages=HELLO)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert raised.value.response["Error"]["Message"]
    assert raised.value.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"].startswith(exception + ":")
    assert runtime.converse(modelId=MODEL, messages=HELLO)["stopReason"] == "end_turn"  # one forced answer only


@pytest.mark.parametrize("kwargs,message", [
    (dict(messages=[{"role": "assistant", "content": [{"text": "hi"}]}]), "must start with a user message"),
    (dict(messages=HELLO * 2), "alternate between user and assistant"),
    (dict(messages=HELLO, inferenceConfig={"maxTokens": 100_000}), "exceeds the model limit"),
    (dict(messages=HELLO, toolConfig={**TOOLS, "toolChoice": {"tool": {"name": "other"}}}), "not defined"),
    (dict(messages=HELLO, modelId="not a model"), "model identifier is invalid"),
])
def test_invalid_requests_are_refused_as_bedrock_refuses_them(runtime, kwargs, message):
    with pytest.raises(runtime.exceptions.ValidationException, match=message):
        runtime.converse(**{"modelId": MODEL, **kwargs})


def test_sigv4_is_required_and_checked(bedrock):
    with pytest.raises(Exception) as raised:
        client(bedrock, secret="not-the-secret").converse(modelId=MODEL, messages=HELLO)
    assert raised.value.response["Error"]["Code"] == "InvalidSignatureException"
    with pytest.raises(Exception) as raised:
        client(bedrock, key="AKIAUNKNOWN").converse(modelId=MODEL, messages=HELLO)
    assert raised.value.response["Error"]["Code"] == "UnrecognizedClientException"

    url = f"{bedrock.url}/model/{MODEL.replace(':', '%3A')}/converse"
    body = json.dumps({"messages": HELLO}).encode()

    def post(headers: dict) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers, method="POST")) as r:
                return r.status, ""
        except urllib.error.HTTPError as error:
            return error.code, error.headers["x-amzn-ErrorType"].split(":")[0]

    assert post({"content-type": "application/json"}) == (403, "MissingAuthenticationTokenException")
    signed = AWSRequest(method="POST", url=url, data=body, headers={"content-type": "application/json"})
    SigV4Auth(Credentials("quorumlocal", "quorumlocal"), "bedrock", "us-east-1").add_auth(signed)
    assert post(dict(signed.headers.items()))[0] == 200
    body = body.replace(b"Northwind", b"Southwind")  # signed for another body
    assert post(dict(signed.headers.items())) == (403, "InvalidSignatureException")


def test_the_control_api_records_what_was_received_and_answered(bedrock, runtime):
    force(bedrock, "throttle")
    with pytest.raises(runtime.exceptions.ThrottlingException):
        runtime.converse(modelId=MODEL, messages=HELLO)
    runtime.converse(modelId=MODEL, messages=HELLO, toolConfig=TOOLS)
    first, second = received(bedrock)
    assert first["model_id"] == MODEL and first["region"] == "us-east-1"
    assert first["answer"] == {"status": 429, "code": "ThrottlingException", "forced": "throttle"}
    assert second["answer"] == {"status": 200, "stopReason": "tool_use", "forced": "ok"}
    assert second["body"]["messages"] == HELLO and second["body"]["toolConfig"] == TOOLS
    assert second["headers"]["authorization"].endswith("Signature=<redacted>")
    reset(bedrock)
    assert received(bedrock) == []
