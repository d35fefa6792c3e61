"""Demo sales (market/demo.py seed_market_sales): 90 days on each market's adoption curve,
bank-confirmed, deterministic, idempotent, with their figures computed for every demo role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Q

from config import roles
from market import demo, rollup_selectors, rollups
from market.models import Market, MarketDay, ProvinceDay, Sale, Stall
from payments.models import BankFeedEvent
from tests.market.builders import user

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 30, 4, 30, tzinfo=dt.UTC)  # 11:30 in Viet Nam
TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def demo_world():
    users = {
        "board": user("board.hungson", roles.BOARD_GROUP),
        "stallholder": user("stall.hungson.01", roles.STALLHOLDER_GROUP),
        "official": user("official.thainguyen", roles.OFFICIAL_GROUP),
    }
    demo.seed_markets(
        board_user=users["board"], stallholder=users["stallholder"], official=users["official"]
    )
    users["result"] = demo.seed_market_sales(now=NOW)
    return users


def snapshot() -> dict:
    return {
        "sales": Sale.objects.count(),
        "events": BankFeedEvent.objects.count(),
        "value": sum(Sale.objects.values_list("amount", flat=True)),
        "days": list(MarketDay.objects.order_by("market", "day").values_list(*rollups.SUMMED)),
    }


def test_ninety_days_of_sales_with_their_figures(demo_world):
    assert demo_world["result"]["days"] == demo.SALES_DAYS
    first_day = TODAY - dt.timedelta(days=demo.SALES_DAYS - 1)
    for market in Market.objects.all():
        assert 20 <= market.stalls.count() <= 60, market
        days = MarketDay.objects.filter(market=market)
        assert days.count() == demo.SALES_DAYS
        assert {days.earliest("day").day, days.latest("day").day} == {first_day, TODAY}
    assert ProvinceDay.objects.filter(province__slug="thai-nguyen").count() == demo.SALES_DAYS
    # No sale in the future, none before the window, all during market hours (Viet Nam).
    assert not Sale.objects.filter(at__gte=NOW).exists()
    assert not Sale.objects.filter(at__lt=rollups.day_start(first_day)).exists()
    # Every QR sale is backed by its own matched demo bank transfer into the stall's account.
    cashless = Sale.objects.exclude(source="cash").select_related("bank_event", "stall")
    assert cashless.count() == BankFeedEvent.objects.filter(provider=demo.DEMO_PROVIDER).count()
    for sale in cashless[:200]:
        event = sale.bank_event
        assert (event.provider, event.amount, event.status) == ("demo", sale.amount, "matched")
        assert event.account_number == sale.stall.account_number
    # The figures equal a fresh recompute.
    kept = snapshot()["days"]
    rollups.compute_range(first_day, TODAY)
    assert snapshot()["days"] == kept


def test_markets_follow_believable_adoption_curves(demo_world):
    def latest(slug):
        return rollup_selectors.latest_market_day(Market.objects.get(slug=slug))

    def month(slug, first: int, last: int):
        start = TODAY - dt.timedelta(days=demo.SALES_DAYS - 1)
        rows = rollup_selectors.market_days(
            Market.objects.get(slug=slug),
            start + dt.timedelta(days=first),
            start + dt.timedelta(days=last),
        )
        cashless = sum(row.cashless_value for row in rows)
        return 100 * cashless / (cashless + sum(row.cash_value for row in rows))

    hung_son, la_hien = latest("cho-hung-son"), latest("cho-la-hien")
    assert hung_son.is_cho40 and hung_son.qr_share >= 90 and hung_son.paid_30d_share >= 80
    assert month("cho-hung-son", 0, 29) > 60
    assert not la_hien.is_cho40
    assert month("cho-la-hien", 0, 29) + 20 < month("cho-la-hien", 60, 89)  # ramping up
    for slug in ("cho-uc-son", "cho-bang-lung"):  # early days
        assert latest(slug).paid_30d_share < 40 and month(slug, 60, 89) < 25
    cho40 = MarketDay.objects.filter(market__slug="cho-hung-son", is_cho40=True)
    assert 0 < cho40.count() < demo.SALES_DAYS  # met again once its last stalls had a QR


def test_each_demo_role_has_figures_to_see(demo_world):
    board, official = demo_world["board"], demo_world["official"]
    assert [m.slug for m in rollup_selectors.markets_visible_to(board)] == ["cho-hung-son"]
    assert rollup_selectors.latest_market_day(Market.objects.get(slug="cho-hung-son")).day == TODAY
    province = rollup_selectors.provinces_visible_to(official).get()
    side_by_side = rollup_selectors.province_markets_latest(province)
    assert len(side_by_side) == 6 and all(row and row.day == TODAY for _m, row in side_by_side)
    today = rollup_selectors.latest_province_day(province)
    assert today.markets == 6 and today.cho40_markets >= 1
    hs01 = Stall.objects.get(stallholder=demo_world["stallholder"])
    start = rollups.day_start(TODAY)
    sold_today = Sale.objects.filter(stall=hs01, at__gte=start).aggregate(
        qr=Count("pk", filter=~Q(source="cash")), all=Count("pk")
    )
    assert sold_today["qr"] >= 1, sold_today  # the stall app and speaker show takings at once


def test_demo_sales_are_deterministic_idempotent_and_fast(demo_world):
    first = snapshot()
    assert demo.seed_market_sales(now=NOW) == {"sales": 0, "days": 0}
    assert snapshot() == first
    # A day later: the rest of that day and the new day's morning, nothing twice.
    later = demo.seed_market_sales(now=NOW + dt.timedelta(days=1))
    assert later["sales"] > 0
    added = Sale.objects.filter(at__gte=NOW)
    assert added.count() == later["sales"] == Sale.objects.count() - first["sales"]
    afternoon = added.filter(at__lt=rollups.day_start(TODAY + dt.timedelta(days=1)))
    assert afternoon.filter(stall__market__slug="cho-hung-son").exclude(source="cash").exists()
