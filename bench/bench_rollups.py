"""Benchmark: the adoption rollups stay flat as the sales ledger grows.

Run from the project root: ``.venv/bin/python bench/bench_rollups.py [--small N] [--large N]``.
Builds a throw-away SQLite database (tables straight from the models), one province with
``--markets`` markets of 50 stalls, then times, with ``--small`` and then ``--large`` sales
spread over the past year (bank-confirmed QR and cash), the day measured holding the same
``--day-sales`` in both (a ledger grows by its history; a busier day is another question,
whose cost follows that day's sales by design):

- ``compute_market_day`` and ``compute_day`` (all markets, and the province) for one day,
- ``sale_recorded``: a sale's update of its day, as the settle transaction runs it,
- the dashboard reads ``latest_market_day`` and ``market_days`` (30 days).

Prints median times and the large/small ratio of each; exits 1 if any ratio exceeds
``--max-ratio`` (default 2: "flat" with room for noise on a busy machine). The database is
always a temporary SQLite file (``DATABASE_URL`` is ignored), removed at the end.
"""

# ruff: noqa: E402  (imports follow the sys.path and Django set-up lines)
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere
_db_file = Path(tempfile.mkdtemp(prefix="bench-rollups-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{_db_file}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import argparse
import datetime as dt
import platform
import random
import statistics
import time
import uuid
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from market import rollup_selectors, rollups
from market.demo import bulk_insert_rows
from market.models import Commune, Market, MarketDay, Province, Sale, Stall
from payments.models import BankFeedEvent

STALLS_PER_MARKET = 50
HISTORY_DAYS = 365
DAY = dt.date(2026, 11, 20)  # the day measured: the last day of the history


def create_tables() -> None:
    """Tables from the models, no migrations (seconds instead of minutes)."""
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)


def build_markets(count: int) -> list[Market]:
    province = Province.objects.create(name="Tỉnh Thái Nguyên", slug="thai-nguyen")
    commune = Commune.objects.create(province=province, name="Xã Đại Từ", slug="xa-dai-tu")
    long_ago = rollups.day_start(DAY - dt.timedelta(days=HISTORY_DAYS + 30))
    markets = []
    for number in range(count):
        market = Market.objects.create(name=f"Chợ {number}", slug=f"cho-{number}", commune=commune)
        Stall.objects.bulk_create(
            Stall(market=market, code=f"S-{n:02d}", name=f"Quầy {n}", bank_bin="970436",
                  account_number=f"10{number:02d}{n:06d}", account_holder="NGUYEN THI HOA")
            for n in range(STALLS_PER_MARKET)
        )  # fmt: skip
        markets.append(market)
    Stall.objects.update(created_at=long_ago)
    return markets


def add_sales(count: int, *, seed: int, day: dt.date | None = None) -> None:
    """``count`` sales (two in three by QR, each with its bank event): on ``day``, or over the
    history before ``DAY``."""
    rng = random.Random(seed)
    stalls = list(Stall.objects.values_list("pk", "account_number"))
    if day is None:
        start, days = rollups.day_start(DAY - dt.timedelta(days=HISTORY_DAYS - 1)), HISTORY_DAYS - 1
    else:
        start, days = rollups.day_start(day), 1
    now = rollups.day_start(DAY) + dt.timedelta(days=1)
    events, cashless, cash = [], [], []
    for number in range(count):
        stall_id, account = rng.choice(stalls)
        at = start + dt.timedelta(seconds=rng.randrange(days * 86_400))
        amount = rng.randrange(10, 500) * 1_000
        sale = {"stall_id": stall_id, "amount": amount, "at": at}
        if number % 3 == 2:
            cash.append({**sale, "source": "cash", "cash_token": uuid.uuid4()})
            continue
        key = f"bench-{seed}-{number}"
        events.append(
            {"provider": "bench", "transaction_id": key, "amount": amount,
             "account_number": account, "transacted_at": at, "status": "matched"}
        )  # fmt: skip
        cashless.append({**sale, "source": "static_qr", "key": key})
    bulk_insert_rows(BankFeedEvent, events, now)
    ids = dict(
        BankFeedEvent.objects.filter(provider="bench", transaction_id__startswith=f"bench-{seed}-")
        .values_list("transaction_id", "pk")
    )  # fmt: skip
    for sale in cashless:
        sale["bank_event_id"] = ids[sale.pop("key")]
    bulk_insert_rows(Sale, cashless, now)
    bulk_insert_rows(Sale, cash, now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def median_seconds(function: Callable[[], object], repeat: int) -> float:
    function()  # warm-up
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def one_sale_recorded(market: Market) -> None:
    """A cash sale and its rollup update, rolled back (the ledger is left as it was)."""
    stall = Stall.objects.filter(market=market).first()
    with transaction.atomic():
        sale = Sale.objects.create(stall=stall, amount=25_000, source="cash",
                                   at=rollups.day_start(DAY) + dt.timedelta(hours=9),
                                   cash_token=uuid.uuid4())  # fmt: skip
        rollups.sale_recorded(sale=sale)
        transaction.set_rollback(True)


def measure(markets: list[Market], repeat: int) -> dict[str, float]:
    market = markets[0]
    return {
        "compute_market_day (1 market, 1 day)": median_seconds(
            lambda: rollups.compute_market_day(market=market, day=DAY), repeat
        ),
        f"compute_day ({len(markets)} markets + province)": median_seconds(
            lambda: rollups.compute_day(DAY), repeat
        ),
        "sale_recorded (in the settle transaction)": median_seconds(
            lambda: one_sale_recorded(market), repeat
        ),
        "latest_market_day": median_seconds(
            lambda: rollup_selectors.latest_market_day(market), repeat * 5
        ),
        "market_days (30 days)": median_seconds(
            lambda: list(rollup_selectors.market_days(market, DAY - dt.timedelta(days=29), DAY)),
            repeat * 5,
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000, help="sales first (10,000)")
    parser.add_argument("--large", type=int, default=100_000, help="sales then (100,000)")
    parser.add_argument("--day-sales", type=int, default=300, help="on the day measured (300)")
    parser.add_argument("--markets", type=int, default=6, help="markets of 50 stalls (6)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per figure (15)")
    parser.add_argument("--max-ratio", type=float, default=2.0)
    args = parser.parse_args()

    create_tables()
    markets = build_markets(args.markets)
    add_sales(args.day_sales, seed=3, day=DAY)
    add_sales(args.small - args.day_sales, seed=1)
    # A year of daily rows, as the nightly task leaves them, for the reads.
    rollups.compute_range(DAY - dt.timedelta(days=HISTORY_DAYS - 1), DAY)
    small = measure(markets, args.repeat)
    began = time.perf_counter()
    add_sales(args.large - args.small, seed=2)
    added = time.perf_counter() - began
    large = measure(markets, args.repeat)
    backfill_began = time.perf_counter()
    rollups.compute_range(DAY - dt.timedelta(days=29), DAY)
    backfill = time.perf_counter() - backfill_began

    print(
        f"Rollups benchmark: {connection.vendor}, {args.markets} markets × {STALLS_PER_MARKET} "
        f"stalls, sales over {HISTORY_DAYS} days, {MarketDay.objects.count():,} daily rows, "
        f"median of {args.repeat} runs (reads ×5), Python {platform.python_version()}"
    )
    header = f"{args.small:,} sales"
    print(f"{'':<44} {header:>14} {f'{args.large:,} sales':>14} {'ratio':>7}")
    worst = 0.0
    for name, before in small.items():
        after = large[name]
        ratio = after / before
        worst = max(worst, ratio)
        print(f"{name:<44} {before * 1e3:>11.2f} ms {after * 1e3:>11.2f} ms {ratio:>7.2f}")
    print(
        f"backfill of 30 days ({args.markets} markets) with {args.large:,} sales: "
        f"{backfill:.2f} s; inserting {args.large - args.small:,} sales took {added:.1f} s"
    )
    print(f"worst ratio {worst:.2f} (target ≤ {args.max_ratio:.1f})")
    from bench.report import record

    record(
        "rollups_scaling",
        round(worst, 2),
        sales=[args.small, args.large],
        day_sales=args.day_sales,
        small_ms={name: round(value * 1e3, 3) for name, value in small.items()},
        large_ms={name: round(value * 1e3, 3) for name, value in large.items()},
    )
    connection.close()
    for path in _db_file.parent.iterdir():
        path.unlink()
    _db_file.parent.rmdir()
    if worst > args.max_ratio:
        print("FAIL: a figure grows with the number of sales", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
