"""What the app stack adds for observability (issue 17), per region:

- alarms on the function URL's 5xx rate and p99 latency (Lambda's own UrlRequestCount, Url5xxCount,
  UrlRequestLatency: timeouts and crashes included) and on failed Stripe webhooks (Quorum's EMF metric);
  throttles, errors, stream age, dead letters and the rest come from the other stacks' specs;
- the X-Ray sampling rule for the function (Lambda samples by the account's rules, not by the SDK's local
  file): a fixed number of traces a second, then a share of the rest, from the stage's context;
- one CloudWatch dashboard: traffic, latency, errors, the business metrics Quorum emits (orders paid,
  revenue, short stock, version conflicts, webhook failures and duplicates, publish latency, stage
  changes), and every alarm of the region with its threshold."""
from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_xray as xray
from constructs import Construct

from config.aws.cdk.alarms import AlarmSpec, RateAlarmSpec, Spec

NAMESPACE = "Quorum"  # settings.QUORUM_METRICS_NAMESPACE; EMF's `service` dimension is the function's name
STAGES = ("discovery", "evaluation", "proposal", "negotiation", "closed_won", "closed_lost")  # dealroom's
PERIOD = Duration.minutes(5)


def alarm_specs(function_name: str) -> list[Spec]:
    url = {"FunctionName": function_name}
    return [
        RateAlarmSpec("Http5xxRate", "AWS/Lambda", "Url5xxCount", "UrlRequestCount", url, 5, 20,
                      "More than 5 % of requests to the function URL answered 5xx (errors, timeouts, crashes)"),
        AlarmSpec("HttpLatencyP99", "AWS/Lambda", "UrlRequestLatency", url, "p99", 3000,
                  "p99 of function URL requests above 3 s for 15 minutes", evaluation_periods=3),
        AlarmSpec("WebhookFailures", NAMESPACE, "WebhookFailures", {"service": function_name}, "Sum", 1,
                  "A Stripe event's handler failed: it answered 500 and Stripe retries (admin: Stripe events, "
                  "failed; replay once fixed)"),
    ]


def sampling_rule(scope: Construct, *, rule_name: str, function_name: str, rate: float, reservoir: int) -> None:
    xray.CfnSamplingRule(scope, "TraceSampling", sampling_rule=xray.CfnSamplingRule.SamplingRuleProperty(
        rule_name=rule_name[:32], priority=100, fixed_rate=rate, reservoir_size=reservoir,
        service_name=function_name, service_type="*", host="*", http_method="*", url_path="*",
        resource_arn="*", version=1))


def _quorum(name: str, function_name: str, statistic: str = "Sum", **dimensions: str) -> cloudwatch.Metric:
    return cloudwatch.Metric(namespace=NAMESPACE, metric_name=name, statistic=statistic, period=PERIOD,
                             dimensions_map={**dimensions, "service": function_name}, label=name)


def _lambda(name: str, function_name: str, statistic: str = "Sum", label: str = "") -> cloudwatch.Metric:
    return cloudwatch.Metric(namespace="AWS/Lambda", metric_name=name, statistic=statistic, period=PERIOD,
                             dimensions_map={"FunctionName": function_name}, label=label or name)


def _graph(title: str, left: Sequence[cloudwatch.IMetric], width: int = 8) -> cloudwatch.GraphWidget:
    return cloudwatch.GraphWidget(title=title, left=list(left), width=width, height=6)


def dashboard(scope: Construct, *, name: str, function_name: str, currencies: Sequence[str],
              alarms: Sequence[cloudwatch.Alarm]) -> cloudwatch.Dashboard:
    f = function_name
    board = cloudwatch.Dashboard(scope, "Dashboard", dashboard_name=name,
                                 default_interval=Duration.hours(6))
    board.add_widgets(
        _graph("Requests and errors", [_lambda("UrlRequestCount", f), _lambda("Url4xxCount", f),
                                       _lambda("Url5xxCount", f)]),
        _graph("Request latency (ms)", [_lambda("UrlRequestLatency", f, "p50", "p50"),
                                        _lambda("UrlRequestLatency", f, "p99", "p99")]),
        _graph("Function", [_lambda("Errors", f), _lambda("Throttles", f), _lambda("ConcurrentExecutions", f,
                                                                                 "Maximum")]))
    board.add_widgets(
        _graph("Orders paid", [_quorum("OrdersPaid", f)]),
        _graph("Revenue (major units)", [_quorum("Revenue", f, currency=c) for c in currencies]),
        _graph("Refused: short stock, stale versions", [_quorum("CheckoutInsufficientStock", f),
                                                        _quorum("CartVersionConflicts", f)]))
    board.add_widgets(
        _graph("Stripe webhooks", [_quorum("WebhookFailures", f), _quorum("WebhookDuplicates", f)]),
        _graph("Realtime publish latency (ms)", [_quorum("RealtimePublishLatency", f, "p50"),
                                                 _quorum("RealtimePublishLatency", f, "p99"),
                                                 _lambda("IteratorAge", f, "Maximum", "stream age")]),
        _graph("Deal stage changes (stage entered)", [_quorum("DealStageChanges", f, stage=s) for s in STAGES]))
    board.add_widgets(cloudwatch.AlarmStatusWidget(title="Alarms", alarms=list(alarms), width=24, height=4))
    return board
