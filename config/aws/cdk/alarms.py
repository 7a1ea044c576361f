"""Alarms as data: each stack says what to watch (AlarmSpec, or RateAlarmSpec for a percentage of two
metrics), the app stack of the region renders them all onto the stage's alarm topic, and the region's
dashboard (config/aws/cdk/observability.py) shows each alarm's metric next to its threshold."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Union

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

    def cloudwatch_metric(self) -> cloudwatch.IMetric:
        return cloudwatch.Metric(namespace=self.namespace, metric_name=self.metric,
                                 dimensions_map=dict(self.dimensions), statistic=self.statistic,
                                 period=Duration.minutes(self.period_minutes))


@dataclass(frozen=True)
class RateAlarmSpec:
    """Alarm when `part` is >= threshold percent of `whole` (Sum of both), once `whole` reaches `minimum`
    in the period (a single failed request at 3 a.m. is not a 100 % error rate)."""

    name: str
    namespace: str
    part: str
    whole: str
    dimensions: Mapping[str, str]
    threshold: float  # percent
    minimum: float
    description: str
    period_minutes: int = 5
    evaluation_periods: int = 1

    def cloudwatch_metric(self) -> cloudwatch.IMetric:
        def one(name: str) -> cloudwatch.Metric:
            return cloudwatch.Metric(namespace=self.namespace, metric_name=name, dimensions_map=dict(self.dimensions),
                                     statistic="Sum", period=Duration.minutes(self.period_minutes))

        return cloudwatch.MathExpression(expression=f"IF(whole >= {self.minimum:g}, 100 * part / whole, 0)",
                                         using_metrics={"part": one(self.part), "whole": one(self.whole)},
                                         label=f"{self.part} / {self.whole} (%)",
                                         period=Duration.minutes(self.period_minutes))


Spec = Union[AlarmSpec, RateAlarmSpec]


def render(scope: Construct, prefix: str, topic: sns.ITopic, specs: Iterable[Spec]) -> list[cloudwatch.Alarm]:
    rendered = []
    for spec in specs:
        alarm = spec.cloudwatch_metric().create_alarm(
            scope, spec.name, alarm_name=f"{prefix}-{spec.name}", alarm_description=spec.description,
            threshold=spec.threshold, evaluation_periods=spec.evaluation_periods,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING)
        alarm.add_alarm_action(actions.SnsAction(topic))
        alarm.add_ok_action(actions.SnsAction(topic))
        rendered.append(alarm)
    return rendered
