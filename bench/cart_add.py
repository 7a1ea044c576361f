"""Cart add latency: PUT /api/carts/{id}/lines/{sku} over HTTP against the running ASGI server (daphne),
with the floors measured in the same run: a bare Django view on the same server, and a raw boto3
UpdateItem on the same DynamoDB Local. Also counts DynamoDB calls per cart add.

Target: p99(cart add) <= 1.5 x (p99(bare view) + p99(raw UpdateItem)); at most 2 DynamoDB calls per add.
The raw UpdateItem floor is the very write a cart add makes (same expression and condition, ALL_NEW, on a
cart of the same size), sent with boto3 directly; a tiny-item UpdateItem is reported for reference.
Usage: .venv/bin/python bench/cart_add.py [--requests N] [--tracing on|off]   (prints JSON)
With --tracing on the site traces every request (sampling rate 1) into a devstack X-Ray receiver: the cost
of tracing is the difference between the two runs' cart add figures.
"""
from __future__ import annotations

import argparse
import http.client
import json
import time
from urllib.parse import urlparse

from common import emit, local_stack, percentiles

SKUS = [f"BENCH-{i:02d}" for i in range(20)]


def timed_requests(url: str, method: str, paths_and_bodies: list[tuple[str, bytes | None]]) -> list[float]:
    parsed = urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    samples = []
    for path, body in paths_and_bodies:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        began = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        samples.append((time.perf_counter() - began) * 1000)
        if response.status >= 400:
            raise SystemExit(f"{method} {path} answered {response.status}")
    conn.close()
    return samples


def _segments(directory) -> int | None:
    """Segment documents the receiver kept (every traced request sends at least one)."""
    if directory is None:
        return None
    path = directory / "segments.jsonl"
    return sum(1 for _ in path.open()) if path.exists() else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--tracing", choices=("on", "off"), default="off")
    args = parser.parse_args()
    n, warmup = args.requests, 40

    with local_stack(with_site=True, tracing=args.tracing == "on") as stack:
        from commerce.domain.catalog import Product
        from commerce.domain.money import Money
        from commerce.persistence import base
        from commerce.services import carts
        from commerce.services.catalog import product_upsert

        for i, sku in enumerate(SKUS):
            product_upsert(product=Product(sku=sku, name=f"Bench {i}", category="bench",
                                           unit_price=Money(1000 + i, "usd")), on_hand=1_000_000)
        cart = carts.cart_create()
        site = stack["site_url"]

        def adds(count: int, offset: int) -> list[tuple[str, bytes]]:
            return [(f"/api/carts/{cart.id}/lines/{SKUS[i % len(SKUS)]}",
                     json.dumps({"quantity": 1 + (offset + i) % 50}).encode()) for i in range(count)]

        # Warm up both paths, then interleave the measured runs so drift hits all three alike.
        timed_requests(site, "GET", [("/bench/bare", None)] * warmup)
        timed_requests(site, "PUT", adds(warmup, 0))
        client = base.boto3_client()
        # Floor 1: the same UpdateItem the service sends (same expression, same condition, ALL_NEW), on a
        # cart of the same size, straight through boto3. Floor 2 (reference): a tiny item, no condition.
        twin = carts.cart_create()
        for sku in SKUS:
            carts.cart_line_set(cart_id=twin.id, sku=sku, quantity=1)
        twin_key = {"PK": {"S": f"CART#{twin.id}"}, "SK": {"S": "CART"}}
        tiny_key = {"PK": {"S": "BENCH#raw"}, "SK": {"S": "RAW"}}

        def same_update(i: int) -> dict:
            sku = SKUS[i % len(SKUS)]
            return dict(
                Key=twin_key, ReturnValues="ALL_NEW",
                UpdateExpression="SET #l.#s = :line, #a.#s = if_not_exists(#a.#s, :now), #u = :t, #e = :exp "
                                 "ADD #v :one",
                ConditionExpression="attribute_exists(PK) AND #st = :open AND #c = :cur AND "
                                    "(attribute_exists(#l.#s) OR size(#l) < :max)",
                ExpressionAttributeNames={"#l": "lines", "#s": sku, "#a": "added", "#u": "updated_at",
                                          "#e": "expires_at", "#v": "version", "#st": "status", "#c": "currency"},
                ExpressionAttributeValues={
                    ":line": {"M": {"name": {"S": "Bench"}, "quantity": {"N": str(1 + i % 50)},
                                    "unit_amount": {"N": "1000"}}},
                    ":now": {"N": str(int(time.time() * 1000))}, ":t": {"N": str(int(time.time()))},
                    ":exp": {"N": str(int(time.time()) + 86400)}, ":one": {"N": "1"}, ":open": {"S": "open"},
                    ":cur": {"S": "usd"}, ":max": {"N": "49"}},
            )

        def tiny_update(i: int) -> dict:
            return dict(Key=tiny_key, UpdateExpression="SET #q = :q ADD version :one",
                        ExpressionAttributeNames={"#q": "quantity"},
                        ExpressionAttributeValues={":q": {"N": str(i)}, ":one": {"N": "1"}})

        def raw_updates(count: int, shape=same_update) -> list[float]:
            samples = []
            for i in range(count):
                began = time.perf_counter()
                client.update_item(TableName=stack["table"], **shape(i))
                samples.append((time.perf_counter() - began) * 1000)
            return samples

        raw_updates(warmup)
        raw_updates(warmup, tiny_update)
        bare, put, raw, tiny = [], [], [], []
        rounds = 4
        for r in range(rounds):
            bare += timed_requests(site, "GET", [("/bench/bare", None)] * (n // rounds))
            put += timed_requests(site, "PUT", adds(n // rounds, r * 7))
            raw += raw_updates(n // rounds)
            tiny += raw_updates(n // rounds, tiny_update)

        # DynamoDB calls per cart add, counted on the botocore client the service uses (in-process).
        calls = []
        connection = base.TableItem._get_connection().connection
        from commerce.persistence.carts import CartItem
        from commerce.persistence.catalog import ProductItem

        for sku in SKUS:  # steady state: the product cache is warm, as in a running process
            carts.cart_line_set(cart_id=cart.id, sku=sku, quantity=1)
        counters = []
        connections = {id(m._get_connection().connection): m._get_connection().connection
                       for m in (base.TableItem, CartItem, ProductItem)}  # one botocore client, spied once
        for conn in connections.values():
            original = conn._make_api_call

            def spy(operation, kwargs, _original=original):
                calls.append(operation)
                return _original(operation, kwargs)

            conn._make_api_call = spy
            counters.append((conn, original))
        measured = 100
        for i in range(measured):
            carts.cart_line_set(cart_id=cart.id, sku=SKUS[i % len(SKUS)], quantity=1 + i % 9)
        for conn, original in counters:
            conn._make_api_call = original
        del connection
        segments = _segments(stack["xray_dir"])

    bare_s, put_s, raw_s = percentiles(bare), percentiles(put), percentiles(raw)
    floor = bare_s["p99_ms"] + raw_s["p99_ms"]
    calls_per_add = len(calls) / measured
    emit({
        "benchmark": "cart_add",
        "tracing": args.tracing,
        "segments_received": segments,
        "requests_per_series": len(put),
        "cart_add_put_http": put_s,
        "floor_bare_django_view_http": bare_s,
        "floor_raw_boto3_update_item": raw_s,
        "reference_raw_update_item_tiny_item": percentiles(tiny),
        "p99_budget_ms": round(1.5 * floor, 3),
        "p99_ratio_to_floor": round(put_s["p99_ms"] / floor, 3),
        "dynamodb_calls_per_add": calls_per_add,
        "dynamodb_operations": sorted(set(calls)),
        "target_p99_met": put_s["p99_ms"] <= 1.5 * floor,
        "target_calls_met": calls_per_add <= 2,
    })


if __name__ == "__main__":
    main()
