"""On PostgreSQL, sales settling at the same moment (and a whole-day recompute running among
them) leave each day's market and province figures exactly as a recompute finds them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from market import rollups
from market.models import MarketDay, ProvinceDay
from payments.settle.services import stall_cash_sale
from tests.conftest import in_parallel
from tests.market import builders
from tests.market.test_rollups import backdate, figures, settled_transfer

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

THREADS = 8


@pytest.fixture
def stalls(postgres):
    world = builders.world()
    extra = [
        builders.stall(world.market_a, f"A-{n:02d}", account_number=f"10234567{n:02d}")
        for n in range(3, 3 + THREADS)
    ]
    backdate(*world.stalls.values(), *extra)
    return [world.stalls["a1"], *extra, world.stalls["b1"]]


def sell(stalls, index: int, when: dt.datetime) -> None:
    stall = stalls[index % len(stalls)]
    if index % 3 == 2:
        stall_cash_sale(stall=stall, amount=10_000 + index, token=uuid.uuid4(), actor=None)
    else:
        settled_transfer(stall, 100_000 + index, when)


def assert_rows_match_a_recompute(day: dt.date) -> None:
    kept = {row.market_id: figures(row) for row in MarketDay.objects.filter(day=day)}
    provinces = {row.province_id: figures(row) for row in ProvinceDay.objects.filter(day=day)}
    recomputed = {row.market_id: figures(row) for row in rollups.compute_day(day)}
    assert kept and kept == {market: recomputed[market] for market in kept}
    rows = ProvinceDay.objects.filter(day=day, province_id__in=provinces)
    assert provinces == {row.province_id: figures(row) for row in rows}


def test_concurrent_sales_on_a_day_without_rows_count_every_sale(stalls):
    today = rollups.local_today()
    now = rollups.day_start(today) + dt.timedelta(hours=1)

    in_parallel(lambda i: sell(stalls, i, now), count=THREADS)

    row = MarketDay.objects.get(market=stalls[0].market, day=today)
    assert row.cashless_count + row.cash_count == THREADS
    assert_rows_match_a_recompute(today)


def test_concurrent_sales_and_a_recompute_never_lose_a_sale(stalls):
    today = rollups.local_today()
    now = rollups.day_start(today) + dt.timedelta(hours=2)
    rollups.compute_day(today)  # the nightly rows exist

    def work(index: int) -> None:
        if index == 0:
            rollups.compute_day(today)
        else:
            for repeat in range(3):
                sell(stalls, index * 3 + repeat, now)

    in_parallel(work, count=THREADS)

    total = sum(row.cashless_count + row.cash_count for row in MarketDay.objects.filter(day=today))
    assert total == (THREADS - 1) * 3
    assert_rows_match_a_recompute(today)
