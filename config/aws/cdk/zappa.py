"""What the infrastructure takes from zappa_settings.json, so that the two never disagree: the function's
name, region and role, the table it uses and the stage's secrets object. Zappa owns the function; the CDK
app owns everything around it."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slugify import slugify

from config.aws.cdk.sources import ZAPPA_SETTINGS

DEFAULT_BEDROCK_MODEL = "anthropic.claude-3-haiku-20240307-v1:0"  # config/settings.py's default


@dataclass(frozen=True)
class ZappaStage:
    name: str
    function_name: str  # Zappa's lambda name: slugify(project_name-stage)
    region: str
    role_name: str
    table_name: str  # environment_variables.DYNAMODB_TABLE
    secrets_object: str  # remote_env without the s3:// scheme: bucket/key
    bedrock_model: str = DEFAULT_BEDROCK_MODEL  # environment_variables.BEDROCK_MODEL_ID (deal intelligence)
    bedrock_region: str = ""  # environment_variables.BEDROCK_REGION; empty: the stage's region


def load() -> dict[str, Any]:
    return json.loads(ZAPPA_SETTINGS.read_text())


def resolved(settings: Mapping[str, Any], stage: str) -> dict[str, Any]:
    """A stage's settings with `extends` applied the way Zappa applies it (shallow, child wins)."""
    if stage not in settings:
        raise KeyError(f"zappa_settings.json has no stage {stage!r}")
    own = dict(settings[stage])
    parent = own.get("extends")
    return {**resolved(settings, parent), **own} if parent else own


def stage(settings: Mapping[str, Any], name: str) -> ZappaStage:
    config = resolved(settings, name)
    remote_env = config.get("remote_env", "")
    if not remote_env.startswith("s3://"):
        raise ValueError(f"zappa stage {name!r}: remote_env must be an s3:// object (the stage's secrets)")
    if config.get("manage_roles", True):
        raise ValueError(f"zappa stage {name!r}: manage_roles must be false (the CDK app owns the role)")
    return ZappaStage(
        name=name,
        function_name=slugify(f"{config['project_name']}-{name}"),
        region=config["aws_region"],
        role_name=config["role_name"],
        table_name=config["environment_variables"]["DYNAMODB_TABLE"],
        secrets_object=remote_env.removeprefix("s3://"),
        bedrock_model=config["environment_variables"].get("BEDROCK_MODEL_ID", DEFAULT_BEDROCK_MODEL),
        bedrock_region=config["environment_variables"].get("BEDROCK_REGION", ""),
    )


def replica_stage_name(stage_name: str, region: str) -> str:
    """The Zappa stage that deploys the function in a stage's second region (`prod_us_west_2`)."""
    return f"{stage_name}_{region.replace('-', '_')}"


def stream_output_description(stage: ZappaStage) -> str:
    """Where a stack output of the table stream's ARN goes in zappa_settings.json."""
    return (f"zappa_settings.json {stage.name}.events[0].event_source.arn (Zappa routes stream batches to "
            "commerce.streams.handle by this ARN)")
