"""Local stand-in for Lambda's DynamoDB Streams trigger: reads DynamoDB Local's stream of one table and
calls commerce.streams.handle with batches shaped like Lambda's, honouring its batchItemFailures.

python -m devstack.stream_poller --table NAME   (endpoint and credentials from Quorum's settings)
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from typing import Optional


class StreamPoller:
    def __init__(self, *, table: str, interval: float = 0.1, from_start: bool = False) -> None:
        from commerce.persistence import base

        meta = base.TableItem.Meta
        import boto3

        self.table = table
        self.interval = interval
        self.from_start = from_start
        self.client = boto3.client("dynamodbstreams", region_name=meta.region, endpoint_url=meta.host,
                                   aws_access_key_id=meta.aws_access_key_id,
                                   aws_secret_access_key=meta.aws_secret_access_key)
        self.ddb = base.boto3_client()
        self.iterators: dict[str, Optional[str]] = {}
        self._stop = threading.Event()
        self.ready = threading.Event()  # set once the shard iterators exist: later writes will be seen
        self.batches = 0

    def stream_arn(self) -> str:
        return self.ddb.describe_table(TableName=self.table)["Table"]["LatestStreamArn"]

    def _refresh_shards(self, arn: str) -> None:
        shards = self.client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
        for shard in shards:
            shard_id = shard["ShardId"]
            if shard_id in self.iterators:
                continue
            kind = "TRIM_HORIZON" if (self.from_start or self.iterators) else "LATEST"
            self.iterators[shard_id] = self.client.get_shard_iterator(
                StreamArn=arn, ShardId=shard_id, ShardIteratorType=kind)["ShardIterator"]

    def run(self, announce: bool = False) -> None:
        arn = self.stream_arn()
        self._refresh_shards(arn)
        self.ready.set()
        if announce:
            print(f"stream poller: following the stream of {self.table}", flush=True)
        last_refresh = time.monotonic()
        while not self._stop.is_set():
            if time.monotonic() - last_refresh > 2:
                self._refresh_shards(arn)
                last_refresh = time.monotonic()
            idle, failed = self.poll_once(arn)
            if failed:
                time.sleep(0.5)
            elif idle:
                self._stop.wait(self.interval)

    def poll_once(self, arn: str) -> tuple[bool, bool]:
        """One read of every shard, each batch handed to commerce.streams.handle; returns (idle, failed)."""
        from commerce import streams

        idle, any_failed = True, False
        for shard_id, iterator in list(self.iterators.items()):
            if iterator is None:
                continue
            page = self.client.get_records(ShardIterator=iterator, Limit=100)
            records = page.get("Records", [])
            if records:
                idle = False
                for record in records:
                    record["eventSourceARN"] = arn
                result = streams.handle({"Records": records})
                self.batches += 1
                failed = result.get("batchItemFailures") or []
                if failed:  # retry from the first failed record, as Lambda does
                    any_failed = True
                    seq = failed[0]["itemIdentifier"]
                    self.iterators[shard_id] = self.client.get_shard_iterator(
                        StreamArn=arn, ShardId=shard_id, ShardIteratorType="AT_SEQUENCE_NUMBER",
                        SequenceNumber=seq)["ShardIterator"]
                    continue
            self.iterators[shard_id] = page.get("NextShardIterator")
        return idle, any_failed

    def stop(self) -> None:
        self._stop.set()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.stream_poller")
    parser.add_argument("--table", default=os.environ.get("DYNAMODB_TABLE", "quorum-local"))
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    poller = StreamPoller(table=args.table)
    signal.signal(signal.SIGTERM, lambda *_: poller.stop())
    try:
        poller.run(announce=True)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
