"""A paginated, segmentable Scan of the whole table for the privacy verifier (an operator's command, never
a request: the function's role is not granted dynamodb:Scan). Each page comes back as plain Python items
(every attribute, keys included) with the read capacity it consumed, so the caller can pace itself."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from commerce.persistence import base


@dataclass(frozen=True)
class ScanPage:
    items: list[dict[str, Any]]
    next_start: Optional[dict[str, Any]]  # None: the segment is done
    read_units: float


def _deserializer():
    from boto3.dynamodb.types import TypeDeserializer

    return TypeDeserializer()


class TableScan:
    def __init__(self) -> None:
        self._client: Any = None

    def page(self, *, segment: int = 0, segments: int = 1, start: Optional[dict[str, Any]] = None,
             limit: int = 500) -> ScanPage:
        """One page of one segment (`segments` > 1: a parallel scan, one caller per segment). Eventually
        consistent, as a verifier may be: it reads after the writes it checks have settled."""
        params: dict[str, Any] = {"TableName": base.table_name(), "Limit": limit, "ReturnConsumedCapacity": "TOTAL"}
        if segments > 1:
            params.update(Segment=segment, TotalSegments=segments)
        if start:
            params["ExclusiveStartKey"] = start
        if self._client is None:
            self._client = base.boto3_client()
        answer = self._client.scan(**params)
        decode = _deserializer().deserialize
        items = [{name: decode(value) for name, value in raw.items()} for raw in answer.get("Items", [])]
        return ScanPage(items=items, next_start=answer.get("LastEvaluatedKey"),
                        read_units=float((answer.get("ConsumedCapacity") or {}).get("CapacityUnits") or 0))
