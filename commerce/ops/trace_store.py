"""Traces for the admin's Traces page, read from what the devstack X-Ray receiver keeps (XRAY_TRACES_DIR/
segments.jsonl: one X-Ray segment document a line). Documents of one trace are put back together the way the
X-Ray console does: a segment with its nested subsegments, plus the subsegments the SDK sent on their own
(`"type": "subsegment"`), hung under their `parent_id`. Nothing here talks to AWS: on Lambda, traces are in
the X-Ray console."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Optional

FILE = "segments.jsonl"
LISTED = ("deal_id", "order_id", "stripe_event_id", "stage", "role", "outcome")


@dataclass
class Node:
    id: str
    name: str
    start: float
    end: float
    namespace: str = ""
    annotations: dict[str, Any] = field(default_factory=dict)
    http: dict[str, Any] = field(default_factory=dict)
    aws: dict[str, Any] = field(default_factory=dict)
    error: bool = False
    fault: bool = False
    causes: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    @property
    def duration_ms(self) -> float:
        return max(0.0, (self.end - self.start) * 1000)

    @property
    def detail(self) -> str:
        """What the node did, in a few words: the AWS operation and table, the remote operation, the URL."""
        if self.aws.get("operation"):
            table = self.aws.get("table_name") or ""
            return f"{self.aws['operation']} {table}".strip()
        for key in ("stripe_operation", "appsync_operation", "event_type", "entity"):
            if self.annotations.get(key):
                return str(self.annotations[key])
        request = self.http.get("request") or {}
        return f"{request.get('method', '')} {request.get('url', '')}".strip()


@dataclass
class Row:
    """One line of the waterfall: a node, how deep it sits and where its bar goes (percent of the trace)."""

    node: Node
    depth: int
    offset_pct: float
    width_pct: float


@dataclass
class Trace:
    trace_id: str
    root: Node
    orphans: int  # subsegments whose parent never arrived (kept as extra roots)
    roots: list[Node]

    @property
    def started_at(self) -> datetime:
        return datetime.fromtimestamp(self.root.start, UTC)

    @property
    def annotations(self) -> dict[str, Any]:
        return self.root.annotations

    @property
    def entry(self) -> str:
        return str(self.annotations.get("entry", ""))

    @property
    def title(self) -> str:
        request = self.root.http.get("request") or {}
        if request.get("method"):
            path = str(request.get("url", "")).split("://", 1)[-1]
            return f"{request['method']} /{path.split('/', 1)[1] if '/' in path else ''}"
        return str(self.annotations.get("operation") or self.root.name)

    @property
    def status(self) -> Optional[int]:
        return (self.root.http.get("response") or {}).get("status")

    @property
    def failed(self) -> bool:
        return any(node.fault for node in self.nodes())

    @property
    def refused(self) -> bool:
        return any(node.error for node in self.nodes())

    @property
    def keys(self) -> dict[str, Any]:
        """The ids and facts worth seeing in a list, from wherever in the trace they were annotated."""
        found: dict[str, Any] = {}
        for node in sorted(self.nodes(), key=lambda n: n.start):
            for key in LISTED:
                if key in node.annotations and key not in found:
                    found[key] = node.annotations[key]
        return found

    def nodes(self) -> list[Node]:
        found: list[Node] = []
        stack = list(self.roots)
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(node.children)
        return found

    def rows(self) -> list[Row]:
        start = min(node.start for node in self.roots)
        total = max(max(node.end for node in self.roots) - start, 1e-6)
        rows: list[Row] = []

        def walk(node: Node, depth: int) -> None:
            rows.append(Row(node, depth, round((node.start - start) / total * 100, 2),
                            round(max((node.end - node.start) / total * 100, 0.4), 2)))
            for child in sorted(node.children, key=lambda c: c.start):
                walk(child, depth + 1)

        for root in self.roots:
            walk(root, 0)
        return rows

    def matches(self, query: str) -> bool:
        """A trace id, a correlation id, a deal/order/Stripe event id or any annotation value (exact), or
        a fragment of the title."""
        query = query.strip()
        if not query:
            return True
        if query == self.trace_id or query.lower() in self.title.lower():
            return True
        return any(str(value) == query for node in self.nodes() for value in node.annotations.values())


def _node(document: dict[str, Any], index: dict[str, Node]) -> Node:
    causes = [f"{e.get('type', '')}: {e.get('message', '')}".strip(": ")
              for e in (document.get("cause") or {}).get("exceptions", []) if isinstance(e, dict)]
    node = Node(id=str(document.get("id", "")), name=str(document.get("name", "")),
                start=float(document.get("start_time") or 0), end=float(document.get("end_time") or 0),
                namespace=str(document.get("namespace", "")), annotations=dict(document.get("annotations") or {}),
                http=dict(document.get("http") or {}), aws=dict(document.get("aws") or {}),
                error=bool(document.get("error")), fault=bool(document.get("fault")), causes=causes)
    if not node.end:  # still in progress when sent
        node.end = node.start
    index[node.id] = node
    node.children = sorted((_node(child, index) for child in document.get("subsegments") or []),
                           key=lambda c: c.start)
    return node


def assemble(documents: list[dict[str, Any]]) -> list[Trace]:
    """Every trace among `documents`, newest first."""
    by_trace: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for document in documents:
        if document.get("trace_id") and document.get("id"):
            by_trace[str(document["trace_id"])].append(document)
    traces = []
    for trace_id, docs in by_trace.items():
        index: dict[str, Node] = {}
        roots, streamed = [], []
        for document in docs:
            node = _node(document, index)
            if document.get("type") == "subsegment":
                streamed.append((str(document.get("parent_id", "")), node))
            else:
                roots.append(node)
        orphans = 0
        for parent_id, node in streamed:
            parent = index.get(parent_id)
            if parent is not None and parent is not node:
                parent.children.append(node)
                parent.children.sort(key=lambda c: c.start)
            else:
                roots.append(node)
                orphans += 1
        roots.sort(key=lambda r: r.start)
        traces.append(Trace(trace_id=trace_id, root=roots[0], orphans=orphans, roots=roots))
    return sorted(traces, key=lambda t: t.root.start, reverse=True)


def read(directory: str | Path) -> list[dict[str, Any]]:
    path = Path(directory) / FILE
    if not path.exists():
        return []
    documents = []
    for line in path.read_text().splitlines():
        try:
            documents.append(json.loads(line))
        except ValueError:
            continue
    return documents


def recent(directory: str | Path, *, query: str = "", entry: str = "", problems: bool = False,
           limit: int = 100) -> list[Trace]:
    found = []
    for trace in assemble(read(directory)):
        if entry and trace.entry != entry:
            continue
        if problems and not (trace.failed or trace.refused):
            continue
        if trace.matches(query):
            found.append(trace)
        if len(found) >= limit:
            break
    return found


def trace(directory: str | Path, trace_id: str) -> Optional[Trace]:
    documents = [d for d in read(directory) if d.get("trace_id") == trace_id]
    traces = assemble(documents)
    return traces[0] if traces else None
