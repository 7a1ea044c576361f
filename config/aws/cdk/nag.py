"""cdk-nag's AwsSolutions pack over every stack, and the suppressions: each in code, next to what it is
about, with its reason and the exact finding it applies to."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from aws_cdk import Aspects
from cdk_nag import AwsSolutionsChecks, NagPackSuppression, NagSuppressions
from constructs import IConstruct

PACK = "AwsSolutions"


def check(scope: IConstruct) -> None:
    """Findings become error/warning annotations on the synthesized stacks (see `findings`); cdk-nag also
    writes a report per stack (AwsSolutions-<stack>-NagReport.csv) listing what was suppressed and why."""
    Aspects.of(scope).add(AwsSolutionsChecks(verbose=True, reports=True))


def suppress(construct: IConstruct, rule: str, reason: str, applies_to: Optional[Sequence[str]] = None) -> None:
    NagSuppressions.add_resource_suppressions(
        construct, [NagPackSuppression(id=f"{PACK}-{rule}", reason=reason,
                                       applies_to=list(applies_to) if applies_to else None)],
        apply_to_children=True)
