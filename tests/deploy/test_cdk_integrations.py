"""The integrations stack: only for a stage with vendors; fed by their definitions (Quorum's own, the ones
the runtime routes by): the stage's bus, one rule, queue and dead-letter queue per vendor, the vendor's view
as the target's input, a queue policy for that rule only, a consumer role for that queue (and the vendor
GraphQL queries) only."""
import json

from tests.deploy.conftest import REPLICA_REGION, sample_vendors


def test_every_stage_gets_quorums_vendors_and_the_sample_replaces_them(committed, everything):
    from commerce.domain.integrations import VENDORS
    from config.aws.cdk.vendors import vendors

    assert committed.stacks("integrations") == ["quorum-dev-integrations", "quorum-prod-integrations"]
    assert [(v.name, dict(v.event_pattern), v.erasure_pattern, v.fifo, v.input_path) for v in vendors("prod")] == [
        (v.name, v.event_pattern(), v.erasure_pattern(), v.fifo, v.view_path()) for v in VENDORS]
    assert "quorum-prod-integrations" in everything.stacks("integrations")
    assert f"quorum-prod-integrations-{REPLICA_REGION}" in everything.stacks("integrations")


def test_each_vendor_gets_its_rule_queue_dead_letters_and_consumer(synthesis):
    from config.aws.cdk.vendors import vendors

    everything = synthesis
    for stack in everything.stacks("integrations"):
        stage = stack.split("-")[1]
        expected = sample_vendors() if stage == "prod" and "quorum-prod-integrations-us-west-2" in \
            everything.templates else vendors(stage)
        assert everything.one(stack, "AWS::Events::EventBus")["Properties"]["Name"] == f"quorum-{stage}"
        queues = {q["Properties"]["QueueName"]: (name, q["Properties"])
                  for name, q in everything.resources(stack, "AWS::SQS::Queue").items()}
        rules = {r["Properties"]["Name"]: (name, r["Properties"])
                 for name, r in everything.resources(stack, "AWS::Events::Rule").items()}
        roles = {r["Properties"]["RoleName"]: name for name, r in everything.resources(stack, "AWS::IAM::Role").items()}
        policies = everything.resources(stack, "AWS::IAM::Policy").values()
        for vendor in expected:
            queue_id, queue = queues[vendor.queue_name(stage)]
            dead_id, dead = queues[vendor.queue_name(stage, dead_letter=True)]
            assert queue["RedrivePolicy"] == {"deadLetterTargetArn": {"Fn::GetAtt": [dead_id, "Arn"]},
                                              "maxReceiveCount": vendor.max_receive_count}
            assert queue.get("FifoQueue", False) is vendor.fifo and dead.get("FifoQueue", False) is vendor.fifo
            assert queue["SqsManagedSseEnabled"] and dead["SqsManagedSseEnabled"]
            assert queue.get("ContentBasedDeduplication", False) is vendor.fifo  # EventBridge's FIFO targets
            vendor_rules = [(f"quorum-{stage}-{vendor.name}", vendor.event_pattern)]
            if vendor.erasure_pattern:  # a deal-level vendor hears Person Erased through a second rule
                vendor_rules.append((f"quorum-{stage}-{vendor.name}-erasures", vendor.erasure_pattern))
            rule_ids = []
            for rule_name, pattern in vendor_rules:
                rule_id, rule = rules[rule_name]
                rule_ids.append(rule_id)
                assert rule["EventPattern"] == dict(pattern)
                (target,) = rule["Targets"]
                assert target["Arn"] == {"Fn::GetAtt": [queue_id, "Arn"]}
                assert target.get("SqsParameters") == ({"MessageGroupId": vendor.name} if vendor.fifo else None)
                assert target.get("InputPath") == vendor.input_path  # the vendor's own view of the event
            (queue_policy,) = [p["Properties"] for p in everything.resources(stack, "AWS::SQS::QueuePolicy").values()
                               if p["Properties"]["Queues"] == [{"Ref": queue_id}]]
            senders = [s for s in queue_policy["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
            assert [(s["Principal"], s["Condition"]) for s in senders] == [  # the vendor's rules, nothing else
                ({"Service": "events.amazonaws.com"},
                 {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": [rule_id, "Arn"]}}}) for rule_id in rule_ids]
            role_id = roles[f"quorum-{stage}-{vendor.name}-consumer"]
            (consumer,) = [p["Properties"]["PolicyDocument"]["Statement"] for p in policies
                           if p["Properties"]["Roles"] == [{"Ref": role_id}]]
            queue_statement, graphql = consumer
            assert queue_statement["Resource"] == {"Fn::GetAtt": [queue_id, "Arn"]}
            assert not [a for a in queue_statement["Action"] if "Send" in a or "*" in a]
            assert graphql["Action"] == "appsync:GraphQL"
            assert sorted(json.dumps(r).split("/fields/")[1].rstrip('"]}') for r in graphql["Resource"]) == [
                "deal", "dealEvents", "order"]
        assert "Bus" in json.dumps(everything.templates[stack]["Outputs"])  # exported to the role stack
