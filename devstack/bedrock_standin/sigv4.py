"""AWS Signature Version 4, checked the way AWS checks it: the stand-in rebuilds the canonical request from
what arrived and compares signatures with the secret it knows for the access key."""
from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote

from devstack.bedrock_standin import errors

SERVICE = "bedrock"
MAX_SKEW_SECONDS = 300
_AUTH = re.compile(r"^AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)"
                   r"/aws4_request, ?SignedHeaders=(?P<signed>[a-z0-9;-]+), ?Signature=(?P<signature>[0-9a-f]{64})$")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = _hmac(("AWS4" + secret).encode(), date)
    return _hmac(_hmac(_hmac(key, region), service), "aws4_request")


def canonical_request(*, method: str, raw_path: str, query: str, headers: Mapping[str, str], signed: list[str],
                      body: bytes) -> str:
    # Services other than S3 sign the path URI-encoded once more (so "%3A" is signed as "%253A").
    path = quote(raw_path or "/", safe="/~")
    pairs = sorted((quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in parse_qsl(query, keep_blank_values=True))
    canonical_query = "&".join(f"{k}={v}" for k, v in pairs)
    lines = "".join(f"{name}:{' '.join(headers.get(name, '').split())}\n" for name in signed)
    return "\n".join([method, path, canonical_query, lines, ";".join(signed), hashlib.sha256(body).hexdigest()])


def verify(*, method: str, raw_path: str, query: str, headers: Mapping[str, str], body: bytes,
           secrets: Mapping[str, str], now: datetime | None = None) -> str:
    """The region the request was signed for; raises BedrockError as AWS would answer a bad signature.
    `headers` are keyed in lower case."""
    authorization = headers.get("authorization", "")
    if not authorization:
        raise errors.missing_token()
    match = _AUTH.match(authorization)
    if not match:
        raise errors.bad_signature("Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' "
                                   f"parameters. Authorization={authorization.split(' ')[0]}")
    if match["key"] not in secrets:
        raise errors.unrecognized_client()
    if match["service"] != SERVICE:
        raise errors.bad_signature(f"Credential should be scoped to correct service: '{SERVICE}'.")
    amz_date = headers.get("x-amz-date", "")
    try:
        signed_at = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise errors.bad_signature("Missing or malformed X-Amz-Date header.") from None
    if amz_date[:8] != match["date"]:
        raise errors.bad_signature("Credential should be scoped to a valid date.")
    skew = abs(((now or datetime.now(UTC)) - signed_at).total_seconds())
    if skew > MAX_SKEW_SECONDS:
        raise errors.bad_signature(f"Signature expired: {amz_date} is now earlier or later than the allowed 5 minutes.")
    signed = match["signed"].split(";")
    if "host" not in signed:
        raise errors.bad_signature("'Host' must be a signed header.")
    request = canonical_request(method=method, raw_path=raw_path, query=query, headers=headers, signed=signed,
                                body=body)
    scope = f"{match['date']}/{match['region']}/{SERVICE}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(request.encode()).hexdigest()])
    key = signing_key(secrets[match["key"]], match["date"], match["region"], SERVICE)
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, match["signature"]):
        raise errors.bad_signature("The request signature we calculated does not match the signature you provided. "
                                   "Check your AWS Secret Access Key and signing method. Consult the service "
                                   "documentation for details.")
    return match["region"]
