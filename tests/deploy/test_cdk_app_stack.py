"""The app stack: the stream mapping (partial batch responses, filtered to the handled entities), the
schedules, and the alarms; in a stage with two regions only the active one consumes and schedules."""
import json

from django.utils.module_loading import import_string

from config.aws.cdk import stages, zappa
from config.aws.cdk.schedules import SCHEDULES
from tests.deploy.conftest import ALARM_EMAIL, REPLICA_REGION, replica_settings


def _function(synthesis, stack: str) -> str:
    mapping = synthesis.one(stack, "AWS::Lambda::EventSourceMapping")["Properties"]
    return mapping["FunctionName"]


def test_stream_mapping_reports_partial_failures_and_filters_to_handled_entities(synthesis):
    from commerce import streams

    handled = streams.entities()
    assert {"DealEvent", "Order", "Reservation", "Stock"} <= set(handled)
    for stack in synthesis.stacks("app"):
        mapping = synthesis.one(stack, "AWS::Lambda::EventSourceMapping")["Properties"]
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mapping["StartingPosition"] == "TRIM_HORIZON" and mapping["BatchSize"] == 100
        patterns = [json.loads(f["Pattern"]) for f in mapping["FilterCriteria"]["Filters"]]
        assert patterns == [{"dynamodb": {"NewImage": {"entity": {"S": handled}}}},
                            {"eventName": ["REMOVE"], "dynamodb": {"OldImage": {"entity": {"S": handled}}}}]
        assert "Cart" not in handled  # cart edits never invoke the function


def test_the_mapping_reads_its_own_regions_stream_into_its_zappa_function(everything):
    home = everything.one("quorum-prod-app", "AWS::Lambda::EventSourceMapping")["Properties"]
    assert home["FunctionName"] == "quorum-prod"
    assert home["EventSourceArn"]["Fn::ImportValue"].startswith("quorum-prod-data:")
    replica = everything.one(f"quorum-prod-app-{REPLICA_REGION}", "AWS::Lambda::EventSourceMapping")["Properties"]
    assert replica["FunctionName"] == zappa.stage(replica_settings(), "prod_us_west_2").function_name \
        == "quorum-prod-us-west-2"
    assert replica["EventSourceArn"]["Fn::ImportValue"].startswith(f"quorum-prod-role-{REPLICA_REGION}:")


def test_schedules_send_the_command_event_zappa_routes_to_the_function(synthesis):
    assert [(s.function, s.expression) for s in SCHEDULES] == [
        ("commerce.scheduled.reservations_sweep", "rate(1 minute)"),
        ("dealroom.scheduled.insights_refresh_stale", "rate(1 hour)"),
        ("dealroom.scheduled.deals_stalled", "rate(1 hour)"),
        ("dealroom.privacy.scheduled.privacy_sweep", "rate(1 hour)")]
    for stack in synthesis.stacks("app"):
        function = _function(synthesis, stack)
        schedules = {s["Properties"]["Name"]: s["Properties"]
                     for s in synthesis.resources(stack, "AWS::Scheduler::Schedule").values()}
        assert set(schedules) == {f"{function}-{s.name}" for s in SCHEDULES}
        assert {s.expression for s in SCHEDULES} == {"rate(1 minute)", "rate(1 hour)"}  # sweeper; the hourly ones
        for schedule in SCHEDULES:
            props = schedules[f"{function}-{schedule.name}"]
            assert props["ScheduleExpression"] == schedule.expression
            assert json.loads(props["Target"]["Input"]) == {"command": schedule.function}
            assert callable(import_string(schedule.function))
            assert json.dumps(props["Target"]["Arn"]).endswith(f':function:{function}"]]}}')
        (invoker,) = [r for r in synthesis.resources(stack, "AWS::IAM::Role").values()]
        (policy,) = invoker["Properties"]["Policies"]
        (statement,) = policy["PolicyDocument"]["Statement"]
        assert statement["Action"] == "lambda:InvokeFunction"
        assert json.dumps(statement["Resource"]).endswith(f':function:{function}"]]}}')  # no version wildcard


def test_only_the_active_region_consumes_the_stream_and_runs_schedules(committed, everything):
    def state(synthesis, stack):
        mapping = synthesis.one(stack, "AWS::Lambda::EventSourceMapping")["Properties"]["Enabled"]
        schedules = {s["Properties"]["State"] for s in synthesis.resources(stack, "AWS::Scheduler::Schedule").values()}
        return mapping, schedules

    assert state(committed, "quorum-prod-app") == state(everything, "quorum-prod-app") == (True, {"ENABLED"})
    assert state(everything, f"quorum-prod-app-{REPLICA_REGION}") == (False, {"DISABLED"})
    failover = stages.stage_config("prod", {"replicaRegion": REPLICA_REGION, "activeRegion": REPLICA_REGION},
                                   replica_settings())
    assert [failover.is_active(r) for r in failover.regions] == [False, True]  # what failover deploys


def test_alarms_cover_the_function_stream_table_and_appsync_on_the_stages_topic(committed, everything):
    base = {"FunctionErrors", "FunctionThrottles", "StreamIteratorAge", "TableWriteThrottles",
            "TableReadThrottles", "RealtimeErrors", "Http5xxRate", "HttpLatencyP99", "WebhookFailures",
            "DeadLetters-schedules"}
    dead_letters = {f"DeadLetters-{v}" for v in ("salesforce", "gong", "clari", "generic")}  # Quorum's vendors
    for synthesis, stack, extra in (
            (committed, "quorum-dev-app", dead_letters),
            (committed, "quorum-prod-app", dead_letters),
            (everything, "quorum-prod-app", {f"ReplicationLatency-{REPLICA_REGION}", "DeadLetters-salesforce",
                                             "DeadLetters-generic"}),
            (everything, f"quorum-prod-app-{REPLICA_REGION}", {"ReplicationLatency-us-east-1",
                                                               "DeadLetters-salesforce", "DeadLetters-generic"})):
        stage = stack.split("-")[1]
        alarms = {a["Properties"]["AlarmName"]: a["Properties"]
                  for a in synthesis.resources(stack, "AWS::CloudWatch::Alarm").values()}
        assert set(alarms) == {f"quorum-{stage}-{name}" for name in base | extra}
        (topic_id,) = synthesis.resources(stack, "AWS::SNS::Topic")
        assert all(a["AlarmActions"] == [{"Ref": topic_id}] for a in alarms.values())
        found = synthesis.resources(stack, "AWS::SNS::Subscription").values()
        subscriptions = [s["Properties"]["Endpoint"] for s in found]
        assert subscriptions == ([ALARM_EMAIL] if synthesis is everything and stage == "prod" else [])
