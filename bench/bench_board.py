"""Benchmark: the board dashboard's time with few vs many rollup rows and sales.

Run from the project root: ``.venv/bin/python bench/bench_board.py [--sales N] [--requests N]``.
It builds a throw-away test database (``.local/bench-board.sqlite3``, kept between runs so
the migrations run once; PostgreSQL's ``test_…`` database when ``DATABASE_URL`` is set), fills
two markets of 60 stalls each, inside a transaction that is rolled back at the end:

- few:  30 days of ``MarketDay`` rows and the sales of those 30 days (≈ 14,750);
- many: 366 days of ``MarketDay`` rows and ``--sales`` sales (default 180,000) over a year:
  the same density, so the same ≈ 14,750 in the dashboard's default 30 days, plus eleven
  months of history. The ratio shows what the history costs the page (target: nothing).

It prints the median time of ``GET /markets/<slug>/board/`` (default range, the whole page:
figures, charts, stall table) for each, requests of the two interleaved, and the ratio; exits 1
if the ratio exceeds 2.
Figures and charts read the rollup rows only; the stall table aggregates the range's sales
through the ``(stall, at)`` index, so the sales outside the range cost nothing.
"""

# ruff: noqa: E402  (imports follow the sys.path and settings lines)
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("CHOSO_TEST_DB", "bench-board")

import argparse
import datetime as dt
import platform
import random
import statistics
import time
import uuid

import django

django.setup()

from django.db import connection, transaction
from django.test import Client
from django.test.utils import setup_test_environment
from django.utils import timezone

TARGET_RATIO = 2.0
STALLS = 60


class Rollback(Exception):
    pass


def fill(*, name: str, days: int, sales: int, board, seed: int = 15):
    """One market with STALLS stalls, ``days`` of rollup rows and ``sales`` sales spread over
    the same days (70% cashless), ``board`` on its board."""
    from market.models import Commune, Market, MarketDay, Province, Sale, Stall, StallQR
    from payments.models import BankFeedEvent

    rng = random.Random(seed)
    province, _ = Province.objects.get_or_create(name="Tỉnh Bench", slug="bench")
    commune, _ = Commune.objects.get_or_create(province=province, name="Xã Bench", slug="xa")
    market = Market.objects.create(name=f"Chợ {name}", slug=name, commune=commune)
    market.board_members.add(board)
    stalls = Stall.objects.bulk_create(
        Stall(
            market=market,
            code=f"{name[:3].upper()}-{index:03d}",
            name=f"Quầy {index}",
            stallholder_name="Nguyễn Thị Hoa",
            goods_category="vegetables",
        )
        for index in range(STALLS)
    )
    StallQR.objects.bulk_create(
        StallQR(
            stall=stall,
            payload=f"bench-{stall.pk}",  # a registered QR is all the page looks at
            bank_bin="970436",
            account_number="1023456789",
            verification_code=f"B{stall.pk:06d}"[-8:],
        )
        for stall in stalls[: STALLS * 9 // 10]
    )
    today = timezone.localdate()
    MarketDay.objects.bulk_create(
        MarketDay(
            market=market,
            day=today - dt.timedelta(days=back),
            stalls=STALLS,
            stalls_with_qr=54,
            stalls_paid_7d=30,
            stalls_paid_30d=40,
            cashless_count=200,
            cashless_value=20_000_000,
            cash_count=300,
            cash_value=25_000_000,
        )
        for back in range(days)
    )
    now = timezone.now()
    batch = 5_000
    for first in range(0, sales, batch):
        size = min(batch, sales - first)
        cashless = [rng.random() < 0.7 for _ in range(size)]
        events = BankFeedEvent.objects.bulk_create(
            BankFeedEvent(provider="bench", transaction_id=uuid.uuid4().hex)
            for paid in cashless
            if paid
        )
        events_left = iter(events)
        rows = []
        for paid in cashless:
            at = now - dt.timedelta(seconds=rng.uniform(0, days * 86_400))
            common = {"stall": rng.choice(stalls), "amount": rng.randrange(5, 500) * 1_000}
            if paid:
                rows.append(Sale(**common, at=at, source="static_qr", bank_event=next(events_left)))
            else:
                rows.append(Sale(**common, at=at, source="cash", cash_token=uuid.uuid4()))
        Sale.objects.bulk_create(rows)
    return market


def measure(*, sales: int, requests: int) -> dict[str, tuple[float, int]]:
    """Median seconds of the dashboard request, and the page size, of both markets, their
    requests interleaved (so a busy machine slows both alike), on freshly filled data."""
    from django.contrib.auth import get_user_model

    # The same sales in the dashboard's 30 days either way (what its stall table must read);
    # "many" adds eleven more months of history, which the page must not pay for.
    cases = {"few": (30, round(sales * 30 / 366)), "many": (366, sales)}
    result: dict[str, tuple[float, int]] = {}
    try:
        with transaction.atomic():
            board = get_user_model().objects.create_user("bench.board", "b@example.com", "x")
            urls = {}
            for name, (days, count) in cases.items():
                started = time.perf_counter()
                market = fill(name=name, days=days, sales=count, board=board)
                urls[name] = f"/markets/{market.slug}/board/"
                took = time.perf_counter() - started
                print(f"  {name}: filled {days} days, {count:,} sales in {took:.1f} s")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE market_sale; ANALYZE market_marketday")
            client = Client()
            client.force_login(board)
            times: dict[str, list[float]] = {name: [] for name in cases}
            sizes = {}
            for url in urls.values():  # warm-up: templates, criteria row, caches
                assert client.get(url).status_code == 200
            for _ in range(requests):
                for name, url in urls.items():
                    start = time.perf_counter()
                    response = client.get(url)
                    times[name].append(time.perf_counter() - start)
                    sizes[name] = len(response.content)
            result = {name: (statistics.median(times[name]), sizes[name]) for name in cases}
            raise Rollback
    except Rollback:
        pass
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=180_000, help="sales in the big case")
    parser.add_argument("--requests", type=int, default=15, help="timed requests per case")
    args = parser.parse_args()

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, keepdb=True)
    try:
        print(
            f"Board dashboard benchmark: {connection.vendor} ({Path(name).name}), "
            f"Python {platform.python_version()}, median of {args.requests} requests"
        )
        figures = measure(sales=args.sales, requests=args.requests)
        (few, few_size), (many, many_size) = figures["few"], figures["many"]
    finally:
        if connection.vendor != "sqlite":
            connection.creation.destroy_test_db(name, verbosity=0, keepdb=True)
    ratio = many / few
    print(f"{'case':<48} {'ms':>8} {'KB':>6}")
    recent = round(args.sales * 30 / 366)
    print(
        f"{f'few:  30 days of rollups, {recent:,} sales':<48} "
        f"{few * 1e3:>8.1f} {few_size / 1024:>6.1f}"
    )
    print(
        f"{f'many: 366 days of rollups, {args.sales:,} sales':<48} "
        f"{many * 1e3:>8.1f} {many_size / 1024:>6.1f}"
    )
    print(f"ratio many/few ×{ratio:.2f} (target ≤ ×{TARGET_RATIO:.0f})")
    if ratio > TARGET_RATIO:
        print("FAIL: above target", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
