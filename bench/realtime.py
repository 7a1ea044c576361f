"""Realtime gateway: publish -> browser-socket latency, and the memory of idle sockets, on ONE gateway
process (daphne) with 100 deal rooms. Publishes go through AppSync (the simulator) exactly as the outbox
publisher sends them; sockets are real websocket clients holding member sessions.

Targets: p99 < 50 ms at 1,000 sockets; 10,000 idle sockets under 1 GB.
Usage: .venv/bin/python bench/realtime.py [--idle 1000,5000,10000]   (prints JSON)
"""
from __future__ import annotations

import argparse
import asyncio
import resource
import time

from common import emit, percentiles

DEALS = 100


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def open_sockets(url_for, count: int, batch: int = 50) -> list:
    """Batches of 50 (twisted's listen backlog is 50); a refused handshake is retried."""
    import websockets

    async def connect(i: int):
        url, headers = url_for(i)
        for attempt in range(5):
            try:
                return await websockets.connect(url, additional_headers=headers, open_timeout=60,
                                                ping_interval=None, max_queue=None)
            except (OSError, websockets.exceptions.InvalidMessage):
                await asyncio.sleep(0.2 * (attempt + 1))
        raise RuntimeError(f"socket {i} could not connect")

    sockets = []
    for start in range(0, count, batch):
        sockets += await asyncio.gather(*(connect(i) for i in range(start, min(count, start + batch))))
    return sockets


PUBLISH_MS: list[float] = []  # the publisher's HTTP call to AppSync alone, for the breakdown


async def latency_round(sockets_by_deal: dict, deal_ids: list[str], rounds: int, seq_start: int) -> list[float]:
    from dealroom.realtime import deal_channel
    from realtime import publisher

    samples: list[float] = []
    for r in range(rounds):
        for deal_id in deal_ids:
            sockets = sockets_by_deal[deal_id]
            seq = seq_start + r
            began = time.perf_counter()
            publishing = asyncio.create_task(asyncio.to_thread(publisher.publish, publisher.ChannelEvent(
                channel=deal_channel(deal_id), seq=seq, type="bench.ping", occurred_at="2026-01-01T00:00:00Z",
                payload={"actor": "bench", "at": 0, "payload": {}})))
            publishing.add_done_callback(lambda _t, b=began: PUBLISH_MS.append((time.perf_counter() - b) * 1000))

            async def receive(ws, wanted=seq):
                while True:
                    frame = await ws.recv()
                    if f'"seq": {wanted},' in frame:
                        return time.perf_counter()

            arrivals = await asyncio.wait_for(asyncio.gather(*(receive(ws) for ws in sockets)), timeout=30)
            samples += [(t - began) * 1000 for t in arrivals]
    return samples


async def run(stack: dict, idle_counts: list[int]) -> dict:
    from commerce.persistence.session_store import SessionStore
    from dealroom.auth import SESSION_MEMBERSHIPS
    from dealroom.domain.deals import Member
    from dealroom.persistence.uow import unit_of_work
    from dealroom.services.deals import deal_create

    site = stack["site_url"]
    deals, cookies = [], {}
    for i in range(DEALS):
        deal = deal_create(account_name=f"Bench {i}", owner="bench", base_url=site).deal
        user_id = f"benchuser{i:04d}xxxxxxxx"
        u = unit_of_work()
        u.members.add(Member(deal_id=deal.id, user_id=user_id, email=f"m{i}@bench.test", name=f"M{i}",
                             role="economic_buyer", joined_at=1))
        u.commit()
        session = SessionStore()
        session[SESSION_MEMBERSHIPS] = {deal.id: user_id}
        session.save()
        deals.append(deal.id)
        cookies[deal.id] = session.session_key
    ws_base = site.replace("http://", "ws://")

    state = {"after": 0}  # bench events are synthetic (not in the table): sockets start right before them

    def url_for(i: int):
        deal_id = deals[i % DEALS]
        return (f"{ws_base}/ws/deals/{deal_id}/?after={state['after']}",
                {"Cookie": f"sessionid={cookies[deal_id]}", "Origin": site})

    result = {"deal_rooms": DEALS, "latency": {}, "idle_memory": []}
    baseline = rss_mb(stack["site_pid"])
    result["gateway_rss_mb_no_sockets"] = round(baseline, 1)
    seq = 1
    for count in (100, 1000):
        state["after"] = seq - 1
        sockets = await open_sockets(url_for, count)
        by_deal: dict[str, list] = {d: [] for d in deals}
        for i, ws in enumerate(sockets):
            by_deal[deals[i % DEALS]].append(ws)
        await asyncio.sleep(1)
        await latency_round(by_deal, deals, 1, seq)  # warm the upstream subscriptions
        seq += 1
        samples = await latency_round(by_deal, deals, 3, seq)
        seq += 3
        result["latency"][f"{count}_sockets"] = percentiles(samples)
        result["latency"][f"{count}_sockets_publish_http_call"] = percentiles(PUBLISH_MS[-len(deals) * 3:])
        await asyncio.gather(*(ws.close() for ws in sockets))
        await asyncio.sleep(1)
    for count in idle_counts:
        began = time.monotonic()
        try:
            sockets = await open_sockets(url_for, count)
        except Exception as exc:  # the machine's limits: report how far it got
            result["idle_memory"].append({"sockets": count, "error": f"{type(exc).__name__}: {exc}"})
            break
        await asyncio.sleep(2)
        rss = rss_mb(stack["site_pid"])
        result["idle_memory"].append({"sockets": count, "gateway_rss_mb": round(rss, 1),
                                      "kb_per_socket": round((rss - baseline) * 1024 / count, 1),
                                      "connect_seconds": round(time.monotonic() - began, 1)})
        await asyncio.gather(*(ws.close() for ws in sockets))
        await asyncio.sleep(2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--idle", default="1000,5000,10000")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the gateway child inherits it
    from common import local_stack

    with local_stack(with_site=True, with_appsync=True) as stack:
        result = asyncio.run(run(stack, [int(n) for n in args.idle.split(",") if n]))
    p99 = result["latency"].get("1000_sockets", {}).get("p99_ms")
    largest = max((m for m in result["idle_memory"] if "gateway_rss_mb" in m), key=lambda m: m["sockets"], default=None)
    result.update({
        "benchmark": "realtime",
        "open_files_limit": hard,
        "target_p99_under_50ms_at_1000": p99 is not None and p99 < 50,
        "target_10000_idle_under_1gb": bool(largest and largest["sockets"] >= 10000
                                            and largest["gateway_rss_mb"] < 1024),
    })
    emit(result)


if __name__ == "__main__":
    main()
