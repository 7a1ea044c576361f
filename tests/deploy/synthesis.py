"""The synthesized CDK app as the deployment tests read it: templates by stack name, and helpers."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Synthesis:
    outdir: Path
    templates: dict[str, dict[str, Any]]  # stack name -> template
    paths: dict[str, Path]
    regions: dict[str, str]  # stack name -> region of its environment
    findings: list[str]  # unsuppressed cdk-nag findings

    def resources(self, stack: str, type_name: str) -> dict[str, dict[str, Any]]:
        return {name: r for name, r in self.templates[stack]["Resources"].items() if r["Type"] == type_name}

    def one(self, stack: str, type_name: str) -> dict[str, Any]:
        (resource,) = self.resources(stack, type_name).values()
        return resource

    def stacks(self, suffix: str) -> list[str]:
        """Stack names whose construct id (the part after quorum-<stage>-) starts with `suffix`."""
        return sorted(name for name in self.templates if name.split("-", 2)[2].startswith(suffix))

    def nag_reports(self) -> Iterator[tuple[str, Path]]:
        for path in sorted(self.outdir.glob("AwsSolutions-*-NagReport.csv")):
            yield path.name, path


def load(assembly: Any, outdir: Path, findings: list[str]) -> Synthesis:
    stacks = list(assembly.stacks_recursively)
    paths = {s.stack_name: Path(s.template_full_path) for s in stacks}
    return Synthesis(outdir=outdir, templates={n: json.loads(p.read_text()) for n, p in paths.items()},
                     paths=paths, regions={s.stack_name: s.environment.region for s in stacks}, findings=findings)


def statements(role: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """An inline-policy role's statements by Sid."""
    (policy,) = role["Properties"]["Policies"]
    return {s["Sid"]: s for s in policy["PolicyDocument"]["Statement"]}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def arn_tail(resource: Any) -> str:
    """The literal end of an ARN CloudFormation joins (`{Fn::Join: ["", [..., "/index/GSI1"]]}`)."""
    if isinstance(resource, str):
        return resource
    parts = resource.get("Fn::Join", ["", [""]])[1]
    return parts[-1] if isinstance(parts[-1], str) else ""
