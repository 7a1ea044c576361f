"""Observability in the infrastructure (issue 17): active tracing on the function (Zappa) and on AppSync,
the function's X-Ray sampling rule, alarms on the 5xx rate, p99 latency and failed webhooks, the schedules'
dead-letter queue, and a dashboard that shows every metric Quorum emits."""
import json

from config.aws.cdk import zappa
from config.observability import metrics


def _alarms(synthesis, stack: str) -> dict:
    return {a["Properties"]["AlarmName"].split("-", 2)[2]: a["Properties"]
            for a in synthesis.resources(stack, "AWS::CloudWatch::Alarm").values()}


def test_zappa_turns_on_active_tracing_for_every_stage():
    settings = zappa.load()
    assert all(zappa.resolved(settings, name).get("xray_tracing") is True for name in ("dev", "prod"))


def test_appsync_traces_too(everything):
    for stack in everything.stacks("realtime"):
        assert everything.one(stack, "AWS::AppSync::GraphQLApi")["Properties"]["XrayEnabled"] is True


def test_http_alarms_use_the_function_urls_own_metrics_and_webhook_failures_quorums(everything):
    for stack, function in (("quorum-prod-app", "quorum-prod"), ("quorum-prod-app-us-west-2", "quorum-prod-us-west-2")):
        alarms = _alarms(everything, stack)
        rate = alarms["Http5xxRate"]
        expression = next(m for m in rate["Metrics"] if "Expression" in m)["Expression"]
        assert expression == "IF(whole >= 20, 100 * part / whole, 0)" and rate["Threshold"] == 5
        used = {m["Id"]: m["MetricStat"]["Metric"] for m in rate["Metrics"] if "MetricStat" in m}
        assert {used["part"]["MetricName"], used["whole"]["MetricName"]} == {"Url5xxCount", "UrlRequestCount"}
        assert used["part"]["Dimensions"] == [{"Name": "FunctionName", "Value": function}]
        latency = alarms["HttpLatencyP99"]
        assert latency["MetricName"] == "UrlRequestLatency" and latency["ExtendedStatistic"] == "p99"
        assert latency["Threshold"] == 3000 and latency["EvaluationPeriods"] == 3
        webhooks = alarms["WebhookFailures"]
        assert (webhooks["Namespace"], webhooks["MetricName"]) == ("Quorum", metrics.WEBHOOK_FAILURES)
        # EMF's `service` dimension is the function's name (settings.QUORUM_SERVICE_NAME on Lambda)
        assert webhooks["Dimensions"] == [{"Name": "service", "Value": function}]
        assert alarms["FunctionThrottles"]["MetricName"] == "Throttles"


def test_undeliverable_scheduled_runs_land_in_an_alarmed_dead_letter_queue(synthesis):
    for stack in synthesis.stacks("app"):
        (queue_id,) = synthesis.resources(stack, "AWS::SQS::Queue")
        schedules = [s["Properties"] for s in synthesis.resources(stack, "AWS::Scheduler::Schedule").values()]
        assert len(schedules) >= 4  # reservations sweep, stale insights, stalled deals, privacy sweep
        for schedule in schedules:  # every schedule's undeliverable runs go to the one queue
            assert schedule["Target"]["DeadLetterConfig"]["Arn"] == {"Fn::GetAtt": [queue_id, "Arn"]}
        policies = synthesis.resources(stack, "AWS::IAM::Policy").values()
        assert any("sqs:SendMessage" in json.dumps(p) and queue_id in json.dumps(p) for p in policies)
        dlq = _alarms(synthesis, stack)["DeadLetters-schedules"]
        assert dlq["MetricName"] == "ApproximateNumberOfMessagesVisible" and dlq["Threshold"] == 1


def test_the_sampling_rule_traces_a_reservoir_then_a_share_of_the_function(synthesis):
    for stack in synthesis.stacks("app"):
        rule = synthesis.one(stack, "AWS::XRay::SamplingRule")["Properties"]["SamplingRule"]
        function = stack.replace("-app", "")
        assert (rule["ServiceName"], rule["FixedRate"], rule["ReservoirSize"]) == (function, 0.05, 1)
        assert rule["RuleName"] == function and len(rule["RuleName"]) <= 32


def test_the_dashboard_shows_every_metric_quorum_emits_and_every_alarm(everything):
    emitted = {value for name, value in vars(metrics).items() if name.isupper() and isinstance(value, str)}
    assert {"OrdersPaid", "Revenue", "CheckoutInsufficientStock", "CartVersionConflicts", "WebhookFailures",
            "WebhookDuplicates", "RealtimePublishLatency", "DealStageChanges"} <= emitted
    for stack in everything.stacks("app"):
        (board,) = everything.resources(stack, "AWS::CloudWatch::Dashboard").values()
        body = json.dumps(board["Properties"]["DashboardBody"])
        assert all(f'\\\\"{name}\\\\"' in body or f'\\"{name}\\"' in body for name in emitted), body[:500]
        for name in ("UrlRequestLatency", "Url5xxCount", "Throttles", "IteratorAge", "negotiation"):
            assert name in body
        alarm_ids = everything.resources(stack, "AWS::CloudWatch::Alarm")
        assert all(f'"{alarm_id}", "Arn"' in body for alarm_id in alarm_ids)  # the alarm status widget
