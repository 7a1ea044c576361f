"""Synthesize the app and report what cdk-nag found."""
from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Optional

from aws_cdk import cx_api

from config.aws.cdk import app as quorum_app
from config.aws.cdk import stages, zappa
from config.aws.cdk.nag import PACK
from config.aws.cdk.sources import CDK_JSON

OUTDIR = CDK_JSON.with_name("cdk.out")
_REPORTED = (cx_api.SynthesisMessageLevel.ERROR, cx_api.SynthesisMessageLevel.WARNING)


def context() -> dict[str, Any]:
    """cdk.json's context, or the CLI's (which merges cdk.json, cdk.context.json and -c) when it runs us."""
    if "CDK_CONTEXT_JSON" in os.environ:
        return json.loads(os.environ["CDK_CONTEXT_JSON"])
    return json.loads(CDK_JSON.read_text()).get("context", {})


def synth(ctx: Optional[Mapping[str, Any]] = None, *, outdir: Optional[Path] = None,
          configs: Optional[Sequence[stages.StageConfig]] = None) -> cx_api.CloudAssembly:
    """Every stage of the context (or the given ones) into `outdir`; under the CLI, where it says."""
    ctx = context() if ctx is None else ctx
    configs = stages.from_context(ctx, zappa.load()) if configs is None else configs
    out = None if outdir is None and "CDK_OUTDIR" in os.environ else str(outdir or OUTDIR)
    return quorum_app.build(configs, outdir=out, context=ctx).synth()


def findings(assembly: cx_api.CloudAssembly) -> list[str]:
    """Unsuppressed cdk-nag findings (errors and warnings) of every stack, as `stack: message`."""
    found = []
    for stack in assembly.stacks_recursively:
        for message in stack.messages:
            text = str(message.entry.data)
            if message.level in _REPORTED and text.startswith(f"{PACK}-"):
                found.append(f"{stack.stack_name}: {text.splitlines()[0]}")
    return found


def templates(assembly: cx_api.CloudAssembly) -> dict[str, Path]:
    return {stack.stack_name: Path(stack.template_full_path) for stack in assembly.stacks_recursively}
