"""The Converse operation: validate the request as Bedrock does, then answer deterministically from it.

With a tool configuration the stand-in calls the tool (the one `toolChoice` names, else the first) with an
input built from the tool's JSON schema; with `outputConfig.textFormat` it answers that schema as JSON text;
otherwise it answers plain text. Tokens are counted as ~4 characters each, like Bedrock's usage block."""
from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any, Optional

from devstack.bedrock_standin import errors
from devstack.bedrock_standin.schema_fill import Filler, broken

MAX_OUTPUT_TOKENS = 8192
_MODEL = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)?\.[A-Za-z0-9.:_-]+$|^arn:aws[a-z-]*:bedrock:")
_TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_JSON_BLOCK = re.compile(r"```json\s*(\{.*?\})\s*```", re.S)
BLOCK_KINDS = {"text", "image", "document", "video", "audio", "toolUse", "toolResult", "guardContent", "cachePoint",
               "reasoningContent", "citationsContent", "searchResult"}


def tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / 4)) if text else 0


def validate(model_id: str, body: Any) -> None:
    if not _MODEL.match(model_id):
        raise errors.validation("The provided model identifier is invalid.")
    if not isinstance(body, dict):
        raise errors.validation("Malformed input request, please reformat your input and try again.")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages or messages[0].get("role") != "user":
        raise errors.validation("A conversation must start with a user message. Try again with a conversation that "
                                "starts with a user message.")
    for n, message in enumerate(messages):
        if message.get("role") != ("user" if n % 2 == 0 else "assistant"):
            raise errors.validation("A conversation must alternate between user and assistant roles. Make sure the "
                                    "conversation alternates between user and assistant roles and try again.")
        content = message.get("content")
        if not isinstance(content, list) or not content:
            raise errors.validation(f"The content field in the Message object at messages.{n} is empty. Add a "
                                    "ContentBlock object to the content field and try again.")
        for block in content:
            if not isinstance(block, dict) or len(block) != 1 or next(iter(block)) not in BLOCK_KINDS:
                raise errors.validation(f"messages.{n}.content: each content block must set exactly one member.")
    inference = body.get("inferenceConfig") or {}
    max_tokens = inference.get("maxTokens")
    if max_tokens is not None and not (isinstance(max_tokens, int) and 1 <= max_tokens <= MAX_OUTPUT_TOKENS):
        raise errors.validation(f"The maximum tokens you requested exceeds the model limit of {MAX_OUTPUT_TOKENS}. "
                                "Try again with a maximum tokens value that is lower than the limit.")
    temperature = inference.get("temperature")
    if temperature is not None and not 0 <= temperature <= 1:
        raise errors.validation("temperature must be between 0 and 1.")
    _tool(body)  # validates the tool configuration


def _tool(body: dict[str, Any]) -> Optional[dict[str, Any]]:
    """The tool spec the answer must call, or None without a tool configuration."""
    config = body.get("toolConfig")
    if config is None:
        return None
    tools: list[dict[str, Any]] = [t["toolSpec"] for t in config.get("tools") or []
                                   if isinstance(t, dict) and isinstance(t.get("toolSpec"), dict)]
    if not tools:
        raise errors.validation("The toolConfig field must be defined with at least one tool.")
    for spec in tools:
        if not _TOOL_NAME.match(str(spec.get("name", ""))) or not isinstance((spec.get("inputSchema") or {}).get("json"),
                                                                               dict):
            raise errors.validation("Each toolSpec needs a name matching [a-zA-Z0-9_-]{1,64} and an inputSchema.json "
                                    "object.")
    choice = config.get("toolChoice") or {}
    wanted = (choice.get("tool") or {}).get("name")
    if wanted is None:
        return tools[0]
    for spec in tools:
        if spec["name"] == wanted:
            return spec
    raise errors.validation(f"The tool {wanted} in toolChoice is not defined in toolConfig.tools.")


def _request_text(body: dict[str, Any]) -> str:
    parts = [b.get("text", "") for b in body.get("system") or [] if isinstance(b, dict)]
    for message in body["messages"]:
        parts += [json.dumps(b, sort_keys=True) if "text" not in b else b["text"] for b in message["content"]]
    if body.get("toolConfig"):
        parts.append(json.dumps(body["toolConfig"], sort_keys=True))
    return "\n".join(parts)


def _context(body: dict[str, Any]) -> dict[str, Any]:
    """The first ```json {...}``` object in the last user message: the facts the answer may quote."""
    for block in reversed(body["messages"][-1]["content"]):
        match = _JSON_BLOCK.search(block.get("text", "")) if isinstance(block, dict) else None
        if match:
            try:
                found = json.loads(match.group(1))
            except ValueError:
                continue
            if isinstance(found, dict):
                return found
    return {}


def answer(model_id: str, body: dict[str, Any], *, malformed: bool = False, text_only: bool = False) -> dict[str, Any]:
    """The ConverseResponse for a validated request."""
    prompt = _request_text(body)
    digest = hashlib.sha256(f"{model_id}\n{prompt}".encode()).hexdigest()
    filler = Filler(digest=digest, context=_context(body))
    spec = None if text_only else _tool(body)
    text_format = ((body.get("outputConfig") or {}).get("textFormat") or {}).get("structure", {}).get("jsonSchema")
    if spec is not None:
        schema = spec["inputSchema"]["json"]
        value = filler.value(schema)
        block: dict[str, Any] = {"toolUse": {"toolUseId": f"tooluse_{digest[:22]}", "name": spec["name"],
                                             "input": broken(schema, value) if malformed else value}}
        output_text, stop = json.dumps(block["toolUse"]["input"]), "tool_use"
    elif text_format and not text_only:
        schema = json.loads(text_format["schema"])
        value = filler.value(schema)
        output_text = json.dumps(broken(schema, value) if malformed else value)
        block, stop = {"text": output_text}, "end_turn"
    else:
        output_text = f"Stand-in answer for {filler.subject} (request {digest[:8]})."
        block, stop = {"text": output_text}, "end_turn"
    limit = (body.get("inferenceConfig") or {}).get("maxTokens") or MAX_OUTPUT_TOKENS
    if tokens(output_text) > limit:
        block, stop, output_text = {"text": output_text[: limit * 4]}, "max_tokens", output_text[: limit * 4]
    usage_in, usage_out = tokens(prompt), tokens(output_text)
    return {
        "output": {"message": {"role": "assistant", "content": [block]}},
        "stopReason": stop,
        "usage": {"inputTokens": usage_in, "outputTokens": usage_out, "totalTokens": usage_in + usage_out},
        "metrics": {"latencyMs": 40 + usage_out // 10},
    }
