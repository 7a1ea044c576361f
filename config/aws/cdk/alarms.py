"""Alarms as data: each stack says what to watch (AlarmSpec), the app stack of the region renders them all
onto the stage's alarm topic. More alarms (issue 17: DLQ depth, webhook failures, 5xx, p99) and a dashboard
are more specs and one more renderer over the same list."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_sns as sns
from constructs import Construct


@dataclass(frozen=True)
class AlarmSpec:
    name: str
    namespace: str
    metric: str
    dimensions: Mapping[str, str]
    statistic: str  # Sum, Maximum, Average, p99
    threshold: float  # alarm when the statistic is >= threshold
    description: str
    period_minutes: int = 5
    evaluation_periods: int = 1


def render(scope: Construct, prefix: str, topic: sns.ITopic, specs: Iterable[AlarmSpec]) -> list[cloudwatch.Alarm]:
    rendered = []
    for spec in specs:
        metric = cloudwatch.Metric(namespace=spec.namespace, metric_name=spec.metric,
                                   dimensions_map=dict(spec.dimensions), statistic=spec.statistic,
                                   period=Duration.minutes(spec.period_minutes))
        alarm = metric.create_alarm(
            scope, spec.name, alarm_name=f"{prefix}-{spec.name}", alarm_description=spec.description,
            threshold=spec.threshold, evaluation_periods=spec.evaluation_periods,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING)
        alarm.add_alarm_action(actions.SnsAction(topic))
        alarm.add_ok_action(actions.SnsAction(topic))
        rendered.append(alarm)
    return rendered
