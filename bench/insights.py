"""Deal intelligence: recompute time per deal for the deterministic engine, over many synthetic deals of every
stage, committee size and payment state (seeded, so runs compare). Pure CPU: no service is started.

    .venv/bin/python bench/insights.py [--deals 5000] [--seed 16]     (prints JSON)

Measures `snapshot_from` (the domain objects -> DealSnapshot) and `deal_insights` (score, actions, talking
points, drafts, churn) separately and together; then (unless `--stream-rounds 0`) the stream-to-staff-page
latency on the real local path, which starts DynamoDB Local, the AppSync simulator, the site and the stream
poller (bench/insights_live.py).
"""
from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from common import emit, percentiles
from insights_live import stream_to_staff_page

from commerce.domain.money import Money
from commerce.domain.orders import Order, OrderLine, Payment
from dealroom.domain.deals import MEDDPICC, ROLES, STAGES, Deal, Member
from dealroom.domain.intelligence import SubscriptionHealth, deal_insights, snapshot_from

DAY = 86400
NOW = 1_800_000_000
TEXT = {"metrics": "cut freight cost 12%", "economic_buyer": "Dana Ruiz, CFO", "decision_criteria": "SSO, price per "
        "seat, EU hosting", "decision_process": "CFO signs after security review", "paper_process": "vendor form, PO",
        "identified_pain": "late shipments", "champion": "Sam Lee", "competition": "Acme Freight, spreadsheets"}


def synthetic(rng: random.Random, n: int) -> dict:
    created = NOW - rng.randint(1, 120) * DAY
    version = rng.randint(1, 8)
    required = tuple(rng.sample(ROLES[:5], rng.randint(1, 4)))
    approvals = {r: {"quote_version": rng.choice([version, version, version - 1])} for r in required
                 if rng.random() < 0.5}
    deal = Deal(id=f"d-{n}", account_name=f"Account {n}", stage=rng.choice(STAGES), currency="usd",
                expected_value=rng.randint(1, 500) * 100_000, owner="rep", cart_id=f"c-{n}", version=version,
                created_at=created, meddpicc={f: TEXT[f] for f in MEDDPICC if rng.random() < 0.6},
                required_roles=required, approvals=approvals,
                last_activity_at=rng.choice([0, NOW - rng.randint(0, 20) * DAY]))
    members = [Member(deal.id, f"u-{n}-{m}", f"m{m}@a.test", f"M{m}", rng.choice(ROLES), created,
                      NOW - rng.randint(0, 15) * DAY, rng.randint(0, 30), rng.randint(0, 10))
               for m in range(rng.randint(0, 14))]
    order = None
    if rng.random() < 0.3:
        order = Order(f"o-{n}", rng.choice(["pending_payment", "paid", "refunded"]), "usd",
                      (OrderLine("s", "Seat", 10, Money(10_000, "usd")),), created_at=NOW - DAY, hold_until=NOW,
                      payment=Payment(method=rng.choice(["card", "invoice"]),
                                      invoice_due=NOW - rng.randint(-9, 9) * DAY))
    subscription = SubscriptionHealth(failed_payments=rng.randint(0, 2), seats=rng.randint(0, 40), seats_peak=40,
                                      cancel_at_period_end=rng.random() < 0.1) if rng.random() < 0.2 else None
    return dict(deal=deal, members=members, order=order, subscription=subscription,
                stage_entered_at=created + rng.randint(0, (NOW - created) // DAY) * DAY)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deals", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--stream-rounds", type=int, default=30, help="quote changes timed to the staff page")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    inputs = [synthetic(rng, n) for n in range(args.deals)]
    for item in inputs[:200]:  # warm up
        deal_insights(snapshot=snapshot_from(item["deal"], item["members"], quote_version=item["deal"].version,
                                             now=NOW, order=item["order"], stage_entered_at=item["stage_entered_at"],
                                             subscription=item["subscription"]))
    build_ms, engine_ms, total_ms, tops, bands = [], [], [], Counter(), Counter()
    for item in inputs:
        began = time.perf_counter()
        snapshot = snapshot_from(item["deal"], item["members"], quote_version=item["deal"].version, now=NOW,
                                 order=item["order"], stage_entered_at=item["stage_entered_at"],
                                 subscription=item["subscription"])
        built = time.perf_counter()
        insights = deal_insights(snapshot=snapshot)
        done = time.perf_counter()
        build_ms.append((built - began) * 1000)
        engine_ms.append((done - built) * 1000)
        total_ms.append((done - began) * 1000)
        tops[insights.top_action.kind] += 1
        bands[insights.score.band] += 1
    emit({
        "benchmark": "insights",
        "deals": args.deals,
        "seed": args.seed,
        "recompute_per_deal": percentiles(total_ms),
        "snapshot_from_per_deal": percentiles(build_ms),
        "deal_insights_per_deal": percentiles(engine_ms),
        "score_bands": dict(bands.most_common()),
        "top_actions": dict(tops.most_common()),
        "stream_to_staff_page": stream_to_staff_page(args.stream_rounds) if args.stream_rounds else "skipped",
    })


if __name__ == "__main__":
    main()
