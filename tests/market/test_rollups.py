"""Adoption rollups (market/rollups.py): whole-day recomputes, the figures each sale updates in
its own transaction, the nightly and on-demand tasks, the command, and the read selectors."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from market import rollup_selectors, rollups, services, tasks
from market.models import AdoptionCriteria, MarketDay, ProvinceDay, Sale, StallDay, StallQR
from payments.models import BankFeedEvent
from payments.settle.services import stall_cash_sale, stall_transfer_received
from tests.market import builders

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 20)
_ids = itertools.count(1)


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return rollups.day_start(day) + dt.timedelta(hours=hour, minutes=minute)


def bank_event(stall, amount: int, when: dt.datetime) -> BankFeedEvent:
    return BankFeedEvent.objects.create(
        provider="sepay",
        transaction_id=f"t{next(_ids)}",
        amount=amount,
        account_number=stall.account_number,
        transacted_at=when,
    )


def raw_sale(stall, amount: int, when: dt.datetime, *, cash: bool = False) -> Sale:
    """A sale row written directly (no rollup update): what a whole-day recompute reads."""
    if cash:
        return Sale.objects.create(
            stall=stall, amount=amount, source="cash", at=when, cash_token=uuid.uuid4()
        )
    return Sale.objects.create(
        stall=stall,
        amount=amount,
        source="static_qr",
        at=when,
        bank_event=bank_event(stall, amount, when),
    )


def settled_transfer(stall, amount: int, when: dt.datetime) -> Sale:
    """A transfer into the stall's printed QR, settled the real way (ledger → rollups)."""
    event = bank_event(stall, amount, when)
    with transaction.atomic():
        stall_transfer_received(event=event, stall=stall)
    return event.stall_sale


def backdate(*stalls, to: dt.date = DAY - dt.timedelta(days=60)) -> None:
    """Stalls (and their QRs) registered long before the days under test."""
    for stall in stalls:
        type(stall).objects.filter(pk=stall.pk).update(created_at=at(to))
        StallQR.objects.filter(stall=stall).update(registered_at=at(to))


@pytest.fixture
def world():
    world = builders.world()
    backdate(*world.stalls.values())
    return world


def figures(row) -> dict:
    names = rollups.SUMMED
    return {name: getattr(row, name) for name in names}


# --- Whole days -------------------------------------------------------------------------------


def test_a_market_day_counts_stalls_qrs_payers_and_money(world):
    a1, a2 = world.stalls["a1"], world.stalls["a2"]
    raw_sale(a1, 150_000, at(DAY, 8))
    raw_sale(a1, 50_000, at(DAY, 17))
    raw_sale(a2, 20_000, at(DAY, 10), cash=True)
    raw_sale(a1, 70_000, at(DAY - dt.timedelta(days=1), 23, 59))  # the day before
    raw_sale(world.stalls["b1"], 99_000, at(DAY))  # another market

    row = rollups.compute_market_day(market=world.market_a, day=DAY)

    assert figures(row) == {
        "stalls": 2,
        "stalls_with_qr": 1,  # A-02 has no bank account
        "stalls_paid_7d": 1,
        "stalls_paid_30d": 1,
        "cashless_count": 2,
        "cashless_value": 200_000,
        "cash_count": 1,
        "cash_value": 20_000,
    }
    assert row.qr_share == 50.0 and row.cashless_share == 90.9
    assert row.is_cho40 is False  # 50 % with a QR, below the default 90 %


def test_the_day_is_viet_nam_time(world):
    a1 = world.stalls["a1"]
    raw_sale(a1, 10_000, rollups.day_start(DAY) - dt.timedelta(seconds=1))  # 23:59:59 before
    raw_sale(a1, 20_000, rollups.day_start(DAY))  # 00:00:00 (17:00 UTC the day before)
    row = rollups.compute_market_day(market=world.market_a, day=DAY)
    assert (row.cashless_count, row.cashless_value) == (1, 20_000)


def test_paying_stalls_look_back_7_and_30_days(world):
    a1 = world.stalls["a1"]
    a2 = builders.stall(world.market_a, "A-03", account_number="1023456790")
    backdate(a2)
    raw_sale(a1, 10_000, at(DAY - dt.timedelta(days=6)))  # inside 7 days
    raw_sale(a2, 10_000, at(DAY - dt.timedelta(days=7)))  # 8th day back: 30 days only
    raw_sale(world.stalls["a2"], 10_000, at(DAY), cash=True)  # cash never counts as paying
    row = rollups.compute_market_day(market=world.market_a, day=DAY)
    assert (row.stalls, row.stalls_paid_7d, row.stalls_paid_30d) == (3, 1, 2)
    later = rollups.compute_market_day(market=world.market_a, day=DAY + dt.timedelta(days=30))
    assert (later.stalls_paid_7d, later.stalls_paid_30d) == (0, 0)


def test_stalls_and_qrs_count_as_they_were_on_that_day(world):
    a1 = world.stalls["a1"]
    new = builders.stall(world.market_a, "A-09", account_number="1023456799")  # registered now
    services.stall_close(stall=world.stalls["a2"], actor=None, closed_on=DAY)
    old_qr = StallQR.objects.get(stall=a1)
    services.stall_qr_register(stall=a1, actor=None)  # a new code replaces the old one today
    StallQR.objects.filter(pk=old_qr.pk).update(deactivated_at=at(DAY + dt.timedelta(days=3)))

    before = rollups.compute_market_day(market=world.market_a, day=DAY - dt.timedelta(days=1))
    on_day = rollups.compute_market_day(market=world.market_a, day=DAY)
    today = rollups.compute_market_day(market=world.market_a, day=rollups.local_today())

    assert (before.stalls, before.stalls_with_qr) == (2, 1)  # A-02 still open, A-09 not yet
    assert (on_day.stalls, on_day.stalls_with_qr) == (1, 1)  # A-02 closed that day
    assert (today.stalls, today.stalls_with_qr) == (2, 2)  # A-01's new QR, A-09
    assert new.pk


def test_recomputing_is_idempotent_and_follows_changes(world):
    a1 = world.stalls["a1"]
    raw_sale(a1, 100_000, at(DAY))
    first = rollups.compute_market_day(market=world.market_a, day=DAY)
    again = rollups.compute_market_day(market=world.market_a, day=DAY)
    assert MarketDay.objects.count() == 1 and figures(first) == figures(again)
    raw_sale(a1, 5_000, at(DAY, 11))
    assert rollups.compute_market_day(market=world.market_a, day=DAY).cashless_value == 105_000


def test_cho40_follows_the_criteria(world):
    a1 = world.stalls["a1"]
    services.stall_close(stall=world.stalls["a2"], actor=None, closed_on=DAY - dt.timedelta(1))
    raw_sale(a1, 100_000, at(DAY - dt.timedelta(days=20)))
    assert rollups.compute_market_day(market=world.market_a, day=DAY).is_cho40 is True
    criteria = AdoptionCriteria.current()
    criteria.min_paid_30d_share = 100
    criteria.save()
    assert rollups.compute_market_day(market=world.market_a, day=DAY).is_cho40 is True
    later = rollups.compute_market_day(market=world.market_a, day=DAY + dt.timedelta(days=11))
    assert later.is_cho40 is False  # the only payment is now 31 days old


def test_a_day_for_every_market_and_province(world):
    raw_sale(world.stalls["a1"], 100_000, at(DAY))
    raw_sale(world.stalls["b1"], 30_000, at(DAY), cash=True)
    third = builders.market("Chợ Đu", "cho-du", commune=world.market_a.commune)
    builders.stall(third, "DU-01", bank=False)

    rows = rollups.compute_day(DAY)

    assert len(rows) == 3 and MarketDay.objects.filter(day=DAY).count() == 3
    thai_nguyen = ProvinceDay.objects.get(province__slug="thai-nguyen", day=DAY)
    assert (thai_nguyen.markets, thai_nguyen.stalls, thai_nguyen.stalls_with_qr) == (2, 2, 1)
    assert (thai_nguyen.cashless_count, thai_nguyen.cashless_value) == (1, 100_000)
    assert thai_nguyen.cho40_markets == 0
    tuyen_quang = ProvinceDay.objects.get(province__slug="tuyen-quang", day=DAY)
    assert (tuyen_quang.markets, tuyen_quang.cash_value) == (1, 30_000)


def test_compute_range_and_its_command(world):
    raw_sale(world.stalls["a1"], 100_000, at(DAY))
    assert rollups.compute_range(DAY - dt.timedelta(days=2), DAY) == 3
    assert MarketDay.objects.count() == 6 and ProvinceDay.objects.count() == 6
    with pytest.raises(ValueError):
        rollups.compute_range(DAY, DAY - dt.timedelta(days=1))

    call_command("compute_rollups", "--from", "2026-11-01", "--to", "2026-11-20", verbosity=0)
    assert MarketDay.objects.filter(market=world.market_a).count() == 20
    call_command("compute_rollups", "--from", "2026-10-30", "--to", "2026-10-31",
                 "--market", "cho-na-hang", verbosity=0)  # fmt: skip
    assert MarketDay.objects.filter(day__month=10, market=world.market_b).count() == 2
    assert MarketDay.objects.filter(day__month=10).count() == 2
    call_command("compute_rollups", verbosity=0)  # yesterday and today
    assert MarketDay.objects.filter(day=rollups.local_today()).count() == 2
    for bad in (["--from", "30/11/2026"], ["--from", "2026-11-02", "--to", "2026-11-01"],
                ["--market", "no-such-market"]):  # fmt: skip
        with pytest.raises(CommandError):
            call_command("compute_rollups", *bad, verbosity=0)


def test_nightly_and_on_demand_tasks(world, settings, django_capture_on_commit_callbacks):
    today = rollups.local_today()
    assert tasks.recompute_recent_figures.delay(days=2).get() == 2
    assert set(MarketDay.objects.values_list("day", flat=True)) == {
        today,
        today - dt.timedelta(days=1),
    }
    assert tasks.recompute_recent_figures.delay().get() == 31  # the nightly run's default
    assert MarketDay.objects.filter(market=world.market_a).count() == 31
    MarketDay.objects.all().delete()
    assert tasks.recompute_market_figures.delay(world.market_b.pk, days=7).get() == 7
    assert MarketDay.objects.filter(market=world.market_b).count() == 7
    assert tasks.recompute_market_figures.delay(0).get() == 0
    MarketDay.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_market_recompute(world.market_a.pk, days=3)
        assert not MarketDay.objects.exists()  # sent once the request's transaction commits
    assert MarketDay.objects.filter(market=world.market_a).count() == 3
    schedule = settings.CELERY_BEAT_SCHEDULE["recompute-market-figures-nightly"]
    assert schedule["task"] == "market.recompute_recent_figures"
    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({0}, {10})
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"


# --- Each sale, in its own transaction --------------------------------------------------------


def test_each_settled_sale_updates_its_day_at_once(world):
    a1 = world.stalls["a1"]
    now = rollups.day_start(rollups.local_today()) + dt.timedelta(hours=1)
    settled_transfer(a1, 150_000, now)
    row = MarketDay.objects.get(market=world.market_a)
    assert (row.day, row.cashless_count, row.cashless_value, row.stalls_paid_7d) == (
        rollups.local_today(), 1, 150_000, 1,
    )  # fmt: skip
    stall_cash_sale(stall=a1, amount=20_000, token=uuid.uuid4(), actor=None)
    settled_transfer(a1, 50_000, now)
    row.refresh_from_db()
    assert figures(row) == {
        "stalls": 2, "stalls_with_qr": 1, "stalls_paid_7d": 1, "stalls_paid_30d": 1,
        "cashless_count": 2, "cashless_value": 200_000, "cash_count": 1, "cash_value": 20_000,
    }  # fmt: skip
    # The same figures as a whole-day recompute, and the province's follow.
    assert figures(rollups.compute_market_day(market=world.market_a, day=row.day)) == figures(row)
    province = ProvinceDay.objects.get(province__slug="thai-nguyen", day=row.day)
    assert figures(province) == figures(row) and province.markets == 1


def test_a_sale_on_a_day_without_a_row_counts_the_earlier_sales_too(world):
    a1 = world.stalls["a1"]
    raw_sale(a1, 10_000, at(DAY, 7))  # recorded before the rollups existed
    settled_transfer(a1, 20_000, at(DAY, 8))  # a late bank confirmation, for its own day
    row = MarketDay.objects.get(market=world.market_a, day=DAY)
    assert (row.cashless_count, row.cashless_value) == (2, 30_000)


def test_a_duplicate_sale_changes_no_figure(world):
    a1 = world.stalls["a1"]
    token = uuid.uuid4()
    stall_cash_sale(stall=a1, amount=20_000, token=token, actor=None)
    assert stall_cash_sale(stall=a1, amount=20_000, token=token, actor=None) is None
    row = MarketDay.objects.get(market=world.market_a)
    assert (row.cash_count, row.cash_value) == (1, 20_000)


def test_a_failing_rollup_rolls_the_sale_back(world):
    a1 = world.stalls["a1"]
    with mock.patch.object(rollups, "_write_province_day", side_effect=DatabaseError("down")):
        with pytest.raises(DatabaseError):
            stall_cash_sale(stall=a1, amount=20_000, token=uuid.uuid4(), actor=None)
    assert not Sale.objects.exists() and not MarketDay.objects.exists()


# --- Stall days (the board's stall table) ---------------------------------------------------


def stall_days() -> dict:
    return {
        (row.stall.code, row.day): (row.cashless_count, row.cashless_value, row.last_cashless_at)
        for row in StallDay.objects.select_related("stall")
    }


def test_each_cashless_sale_adds_to_its_stalls_day_and_cash_does_not(world):
    a1, b1 = world.stalls["a1"], world.stalls["b1"]
    settled_transfer(a1, 150_000, at(DAY, 9))
    settled_transfer(a1, 50_000, at(DAY, 8))  # confirmed late, earlier in the day
    settled_transfer(b1, 70_000, at(DAY + dt.timedelta(days=1), 6))
    stall_cash_sale(stall=a1, amount=20_000, token=uuid.uuid4(), actor=None)
    assert stall_days() == {
        ("A-01", DAY): (2, 200_000, at(DAY, 9)),
        ("B-01", DAY + dt.timedelta(days=1)): (1, 70_000, at(DAY + dt.timedelta(days=1), 6)),
    }


def test_a_stalls_first_counted_sale_of_the_day_counts_the_earlier_ones_too(world):
    a1 = world.stalls["a1"]
    raw_sale(a1, 10_000, at(DAY, 7))  # recorded before the stall rows existed
    settled_transfer(a1, 20_000, at(DAY, 8))
    assert stall_days() == {("A-01", DAY): (2, 30_000, at(DAY, 8))}


def test_a_whole_day_recompute_rewrites_the_stall_rows_from_the_sales(world):
    a1, a2 = world.stalls["a1"], world.stalls["a2"]
    raw_sale(a1, 10_000, at(DAY, 7))
    raw_sale(a1, 5_000, at(DAY, 7), cash=True)
    StallDay.objects.create(stall=a2, day=DAY, cashless_count=9, cashless_value=9)  # stale
    rollups.compute_day(DAY)
    expected = {("A-01", DAY): (1, 10_000, at(DAY, 7))}
    assert stall_days() == expected
    rollups.compute_day(DAY)  # idempotent
    assert stall_days() == expected


def test_a_sale_that_fails_leaves_no_stall_row(world):
    a1 = world.stalls["a1"]
    with mock.patch.object(rollups, "_write_province_day", side_effect=DatabaseError("down")):
        with pytest.raises(DatabaseError):
            settled_transfer(a1, 20_000, at(DAY, 8))
    assert not StallDay.objects.exists()


# --- Selectors --------------------------------------------------------------------------------


def test_selectors_read_the_rows_in_few_queries(world, django_assert_num_queries):
    raw_sale(world.stalls["a1"], 100_000, at(DAY))
    rollups.compute_range(DAY - dt.timedelta(days=4), DAY)
    market, province = world.market_a, world.market_a.commune.province

    with django_assert_num_queries(1):
        days = list(rollup_selectors.market_days(market, DAY - dt.timedelta(days=2), DAY))
    assert [row.day for row in days] == [DAY - dt.timedelta(days=n) for n in (2, 1, 0)]
    with django_assert_num_queries(1):
        assert rollup_selectors.latest_market_day(market).day == DAY
    with django_assert_num_queries(1):
        assert len(list(rollup_selectors.province_days(province, DAY, DAY))) == 1
    with django_assert_num_queries(1):
        assert rollup_selectors.latest_province_day(province).cashless_value == 100_000
    with django_assert_num_queries(2):
        side_by_side = rollup_selectors.province_markets_latest(province)
    assert [(m.slug, row.day) for m, row in side_by_side] == [("cho-hung-son", DAY)]
    assert rollup_selectors.latest_market_day(builders.market("Chợ Mới", "cho-moi")) is None


def test_who_sees_which_markets(world):
    users = world.users
    visible = rollup_selectors.markets_visible_to
    assert set(visible(users["staff"])) == {world.market_a, world.market_b}
    assert list(visible(users["official"])) == [world.market_a]
    assert list(visible(users["board_b"])) == [world.market_b]
    for role in ("shopper", "stallholder", "digital_a"):
        assert not visible(users[role]).exists(), role
    assert [p.slug for p in rollup_selectors.provinces_visible_to(users["official"])] == [
        "thai-nguyen"
    ]
    assert not rollup_selectors.provinces_visible_to(users["board_a"]).exists()


def test_a_transfer_confirmed_days_late_reaches_the_following_days_that_night(world):
    today = rollups.local_today()
    three_days_ago = today - dt.timedelta(days=3)
    tasks.recompute_recent_figures.delay().get()
    settled_transfer(world.stalls["a1"], 80_000, at(three_days_ago, 10))  # e.g. a statement row

    def row(day):
        return MarketDay.objects.get(market=world.market_a, day=day)

    assert (row(three_days_ago).cashless_value, row(three_days_ago).stalls_paid_7d) == (80_000, 1)
    assert row(today - dt.timedelta(days=1)).stalls_paid_7d == 0  # until the night
    tasks.recompute_recent_figures.delay().get()
    assert row(today - dt.timedelta(days=1)).stalls_paid_7d == 1
