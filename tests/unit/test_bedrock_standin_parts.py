"""The Bedrock stand-in's parts without a server: its answers fit the schema Quorum sends (and its broken
answers do not), and its SigV4 check agrees with botocore's signer."""
import json
from datetime import UTC, datetime, timedelta

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from dealroom.domain.intelligence import PaymentState, deal_insights
from dealroom.intelligence.prompt import converse_request
from dealroom.intelligence.schema import problems
from devstack.bedrock_standin import converse, sigv4
from devstack.bedrock_standin.errors import BedrockError
from tests.unit.intelligence_deals import snap

PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"


@pytest.mark.parametrize("snapshot", [snap(),
                                      snap("negotiation", approved=("economic_buyer", "technical_buyer", "legal")),
                                      snap(payment=PaymentState(state="paid", method="card", amount=10))])
def test_the_standins_tool_answer_fits_quorums_schema_and_its_broken_one_does_not(snapshot):
    request = converse_request(snapshot=snapshot, engine=deal_insights(snapshot=snapshot), model_id="a.b",
                               max_tokens=1500, include_notes=False)
    body = {k: v for k, v in request.items() if k != "modelId"}
    converse.validate("a.b", body)
    schema = body["toolConfig"]["tools"][0]["toolSpec"]["inputSchema"]["json"]
    good = converse.answer("a.b", body)["output"]["message"]["content"][0]["toolUse"]["input"]
    assert problems(good, schema) == []
    assert "Northwind" in json.dumps(good)  # derived from the request
    bad = converse.answer("a.b", body, malformed=True)["output"]["message"]["content"][0]["toolUse"]["input"]
    assert problems(bad, schema)


def _signed(body: bytes, secret: str = "s3cret") -> dict:
    request = AWSRequest(method="POST", url="http://127.0.0.1:4010" + PATH, data=body,
                         headers={"content-type": "application/json"})
    SigV4Auth(Credentials("AKIDLOCAL", secret), "bedrock", "eu-west-1").add_auth(request)
    return {k.lower(): v for k, v in request.headers.items()} | {"host": "127.0.0.1:4010"}


def test_sigv4_verification_agrees_with_botocore():
    body = b'{"messages": []}'
    headers = _signed(body)
    check = dict(method="POST", raw_path=PATH, query="", secrets={"AKIDLOCAL": "s3cret"})
    assert sigv4.verify(headers=headers, body=body, **check) == "eu-west-1"
    for tampered in ({"headers": headers, "body": b"{}"}, {"headers": _signed(body, secret="other"), "body": body}):
        with pytest.raises(BedrockError) as raised:
            sigv4.verify(**tampered, **check)
        assert raised.value.code == "InvalidSignatureException"
    with pytest.raises(BedrockError, match="Signature expired"):
        sigv4.verify(headers=headers, body=body, now=datetime.now(UTC) + timedelta(minutes=6), **check)
    with pytest.raises(BedrockError) as raised:
        sigv4.verify(headers={k: v for k, v in headers.items() if k != "authorization"}, body=body, **check)
    assert (raised.value.status, raised.value.code) == (403, "MissingAuthenticationTokenException")
