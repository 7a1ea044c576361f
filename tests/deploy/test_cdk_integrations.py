"""The integrations stack: only for a stage with vendors; fed by their definitions: the stage's bus, one
rule, queue and dead-letter queue per vendor, a queue policy for that rule only, a consumer role for that
queue only."""
import json

from tests.deploy.conftest import REPLICA_REGION, sample_vendors


def test_no_integrations_stack_without_vendors(committed, everything):
    assert not committed.stacks("integrations")
    assert everything.stacks("integrations") == ["quorum-prod-integrations",
                                                 f"quorum-prod-integrations-{REPLICA_REGION}"]


def test_each_vendor_gets_its_rule_queue_dead_letters_and_consumer(everything):
    for stack in everything.stacks("integrations"):
        assert everything.one(stack, "AWS::Events::EventBus")["Properties"]["Name"] == "quorum-prod"
        queues = {q["Properties"]["QueueName"]: (name, q["Properties"])
                  for name, q in everything.resources(stack, "AWS::SQS::Queue").items()}
        rules = {r["Properties"]["Name"]: (name, r["Properties"])
                 for name, r in everything.resources(stack, "AWS::Events::Rule").items()}
        roles = {r["Properties"]["RoleName"]: name for name, r in everything.resources(stack, "AWS::IAM::Role").items()}
        policies = everything.resources(stack, "AWS::IAM::Policy").values()
        for vendor in sample_vendors():
            queue_id, queue = queues[vendor.queue_name("prod")]
            dead_id, dead = queues[vendor.queue_name("prod", dead_letter=True)]
            assert queue["RedrivePolicy"] == {"deadLetterTargetArn": {"Fn::GetAtt": [dead_id, "Arn"]},
                                              "maxReceiveCount": vendor.max_receive_count}
            assert queue.get("FifoQueue", False) is vendor.fifo and dead.get("FifoQueue", False) is vendor.fifo
            assert queue["SqsManagedSseEnabled"] and dead["SqsManagedSseEnabled"]
            rule_id, rule = rules[f"quorum-prod-{vendor.name}"]
            assert rule["EventPattern"] == dict(vendor.event_pattern)
            (target,) = rule["Targets"]
            assert target["Arn"] == {"Fn::GetAtt": [queue_id, "Arn"]}
            assert target.get("SqsParameters") == ({"MessageGroupId": vendor.name} if vendor.fifo else None)
            (queue_policy,) = [p["Properties"] for p in everything.resources(stack, "AWS::SQS::QueuePolicy").values()
                               if p["Properties"]["Queues"] == [{"Ref": queue_id}]]
            senders = [s for s in queue_policy["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
            assert [(s["Principal"], s["Condition"]) for s in senders] == [  # the vendor's rule, nothing else
                ({"Service": "events.amazonaws.com"},
                 {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": [rule_id, "Arn"]}}})]
            role_id = roles[f"quorum-prod-{vendor.name}-consumer"]
            (consumer,) = [p["Properties"]["PolicyDocument"]["Statement"] for p in policies
                           if p["Properties"]["Roles"] == [{"Ref": role_id}]]
            assert [s["Resource"] for s in consumer] == [{"Fn::GetAtt": [queue_id, "Arn"]}]
            assert not [a for s in consumer for a in s["Action"] if "Send" in a or "*" in a]
        assert "Bus" in json.dumps(everything.templates[stack]["Outputs"])  # exported to the role stack
