"""Steering the Bedrock stand-in from tests: force the next answers, read back what it received."""
from __future__ import annotations

import json
import urllib.request

import boto3
from botocore.config import Config

MODEL = "anthropic.claude-3-haiku-20240307-v1:0"


def _call(url: str, method: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def force(standin, *answers: str, seconds: float = 3.0) -> None:
    _call(standin.url + "/_standin/next", "POST", {"answers": [{"answer": a, "seconds": seconds} for a in answers]})


def received(standin) -> list[dict]:
    return _call(standin.url + "/_standin/requests", "GET")["requests"]


def reset(standin) -> None:
    _call(standin.url + "/_standin/requests", "DELETE")


def client(standin, *, secret: str = "quorumlocal", key: str = "quorumlocal", read_timeout: float = 5):
    return boto3.client("bedrock-runtime", region_name="us-east-1", endpoint_url=standin.url,
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(retries={"total_max_attempts": 1}, read_timeout=read_timeout))
