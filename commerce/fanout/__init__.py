"""The revenue-stack fan-out (issue 15): committed domain events -> the EventBridge bus `quorum-<stage>` ->
one rule and one SQS queue (with its dead-letter queue) per vendor. The rules and allowlists are pure
(commerce/domain/integrations.py); this package does the I/O:

- clients.py   the ONLY module that creates the events, sqs and cloudwatch clients (endpoints from settings)
- bus.py       PutEvents in batches of 10, failed entries retried, a stream batch's sink
- sources.py   the registry of what each app publishes and can republish (`register_replay`)
- publish.py   commerce's own events (orders, subscriptions) from the table's stream
- provision.py the bus, queues, DLQs, rules and targets from the vendor definitions (local stacks; AWS: CDK)
- queues.py    figures, receive/delete, redrive from the DLQ
- health.py    /healthz probes
"""
