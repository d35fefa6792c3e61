"""Adoption rollups: each market's and province's figures per Viet Nam day (``MarketDay``,
``ProvinceDay``), written from ``Sale``, ``Stall`` and ``StallQR`` with aggregate queries.

- ``compute_market_day``, ``compute_day`` and ``compute_range`` recompute whole days
  idempotently (nightly, on demand, backfill);
- ``sale_recorded`` keeps the sale's day up to date in the transaction that records the sale
  (called by ``market.ledger``, never from a signal or ``on_commit``).

Every writer locks the day's row first and reads the sales after, so a whole-day recompute
and the sales settling at the same moment never overwrite each other (PostgreSQL, READ
COMMITTED: each statement sees what committed before it). Locks are taken market row first,
then province row, always in that order.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from market.models import (
    AdoptionCriteria,
    Market,
    MarketDay,
    Province,
    ProvinceDay,
    Sale,
    Stall,
    StallQR,
)

MARKET_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CASH = Sale.Source.CASH
#: Figures summed from a province's market rows.
SUMMED = (
    "stalls",
    "stalls_with_qr",
    "stalls_paid_7d",
    "stalls_paid_30d",
    "cashless_count",
    "cashless_value",
    "cash_count",
    "cash_value",
)


def local_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Viet Nam (the markets' day)."""
    return (now or timezone.now()).astimezone(MARKET_TZ).date()


def day_start(day: dt.date) -> dt.datetime:
    """The instant a Viet Nam day begins (00:00 in Asia/Ho_Chi_Minh)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=MARKET_TZ)


def local_day(at: dt.datetime) -> dt.date:
    return at.astimezone(MARKET_TZ).date()


# --- The figures of one market day, from the source tables --------------------------------


def _stall_figures(market_id: int, day: dt.date) -> dict[str, int]:
    """Active stalls on ``day`` (registered by its end, not closed by then), those with a
    registered QR active at the end of the day, and those with a cashless sale in the 7 and
    30 days ending that day: one query, one index probe per stall (``sale_stall_time``), so
    its cost follows the number of stalls, not of sales."""
    end = day_start(day) + dt.timedelta(days=1)

    def paid_since(days: int) -> Exists:
        return Exists(
            Sale.objects.filter(
                stall=OuterRef("pk"), at__gte=end - dt.timedelta(days=days), at__lt=end
            ).exclude(source=CASH)
        )

    qr_at_end = StallQR.objects.filter(stall=OuterRef("pk"), registered_at__lt=end).filter(
        Q(is_active=True) | Q(deactivated_at__gte=end)
    )
    figures = (
        Stall.objects.filter(market_id=market_id, created_at__lt=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .annotate(has_qr=Exists(qr_at_end), paid_7d=paid_since(7), paid_30d=paid_since(30))
        .aggregate(
            stalls=Count("pk"),
            stalls_with_qr=Count("pk", filter=Q(has_qr=True)),
            stalls_paid_7d=Count("pk", filter=Q(paid_7d=True)),
            stalls_paid_30d=Count("pk", filter=Q(paid_30d=True)),
        )
    )
    return {key: value or 0 for key, value in figures.items()}


def _sale_figures(market_id: int, day: dt.date) -> dict[str, int]:
    """The day's cashless and cash sales of the market's stalls: count and value, one query
    on the ``sale_stall_time`` index (stall, time)."""
    start = day_start(day)
    cashless, cash = ~Q(source=CASH), Q(source=CASH)
    figures = Sale.objects.filter(
        stall_id__in=Stall.objects.filter(market_id=market_id).values("pk"),
        at__gte=start,
        at__lt=start + dt.timedelta(days=1),
    ).aggregate(
        cashless_count=Count("pk", filter=cashless),
        cashless_value=Sum("amount", filter=cashless),
        cash_count=Count("pk", filter=cash),
        cash_value=Sum("amount", filter=cash),
    )
    return {key: value or 0 for key, value in figures.items()}


def _is_cho40(figures: dict, criteria: AdoptionCriteria) -> bool:
    return criteria.is_met(
        stalls=figures["stalls"],
        stalls_with_qr=figures["stalls_with_qr"],
        stalls_paid_30d=figures["stalls_paid_30d"],
    )


def _criteria_read_only() -> AdoptionCriteria:
    """The criteria without writing (the defaults if nobody saved any): a sale's transaction
    must not race another to create the criteria row."""
    return AdoptionCriteria.objects.order_by("pk").first() or AdoptionCriteria()


def _locked(model, day: dt.date, **owner) -> object:
    """The day's row, created empty if missing, locked for this transaction.

    ``INSERT … ON CONFLICT DO NOTHING`` then ``SELECT … FOR UPDATE``: two transactions that
    both find no row never fail, the second waits for the first and then locks its row.
    """
    model.objects.bulk_create([model(day=day, **owner)], ignore_conflicts=True)
    return model.objects.select_for_update().get(day=day, **owner)


# --- Whole days (nightly, on demand, backfill) --------------------------------------------


def compute_market_day(
    *, market: Market, day: dt.date, criteria: AdoptionCriteria | None = None
) -> MarketDay:
    """Recompute one market's figures for ``day`` from the source tables (idempotent)."""
    criteria = criteria or AdoptionCriteria.current()
    with transaction.atomic():
        row = _locked(MarketDay, day, market_id=market.pk)
        figures = {**_stall_figures(market.pk, day), **_sale_figures(market.pk, day)}
        for name, value in figures.items():
            setattr(row, name, value)
        row.is_cho40 = _is_cho40(figures, criteria)
        row.save()
    return row


def _province_figures(province_id: int, day: dt.date) -> dict[str, int]:
    """A province's day: the sums of its markets' rows (no sale is read again)."""
    rows = MarketDay.objects.filter(market__commune__province_id=province_id, day=day)
    figures = rows.aggregate(
        **{name: Sum(name) for name in SUMMED},
        cho40_markets=Count("pk", filter=Q(is_cho40=True)),
    )
    figures = {key: value or 0 for key, value in figures.items()}
    figures["markets"] = Market.objects.filter(commune__province_id=province_id).count()
    return figures


def _write_province_day(province_id: int, day: dt.date) -> ProvinceDay:
    row = _locked(ProvinceDay, day, province_id=province_id)
    for name, value in _province_figures(province_id, day).items():
        setattr(row, name, value)
    row.save()
    return row


def compute_province_day(*, province: Province, day: dt.date) -> ProvinceDay:
    """Recompute a province's figures for ``day`` from its markets' rows (idempotent)."""
    with transaction.atomic():
        return _write_province_day(province.pk, day)


def compute_day(day: dt.date, *, markets=None) -> list[MarketDay]:
    """Recompute ``day`` for every market (or only ``markets``), then their provinces.

    Each row is its own short transaction, so the sales settling meanwhile wait for one
    row's lock at most.
    """
    criteria = AdoptionCriteria.current()
    markets = list(
        (markets if markets is not None else Market.objects.all())
        .select_related("commune")
        .order_by("pk")
    )
    rows = [compute_market_day(market=market, day=day, criteria=criteria) for market in markets]
    for province_id in sorted({market.commune.province_id for market in markets}):
        with transaction.atomic():
            _write_province_day(province_id, day)
    return rows


def compute_range(start: dt.date, end: dt.date, *, markets=None) -> int:
    """Recompute every day from ``start`` to ``end`` (both included); the number of days."""
    if end < start:
        raise ValueError("The range ends before it starts.")
    day, done = start, 0
    while day <= end:
        compute_day(day, markets=markets)
        day += dt.timedelta(days=1)
        done += 1
    return done


def recompute_market(*, market: Market, days: int = 2, today: dt.date | None = None) -> int:
    """Recompute the market's last ``days`` days up to today (and its province's)."""
    today = today or local_today()
    start = today - dt.timedelta(days=max(days, 1) - 1)
    return compute_range(start, today, markets=Market.objects.filter(pk=market.pk))


# --- Incremental: in the transaction that records a sale ----------------------------------


def sale_recorded(*, sale: Sale) -> None:
    """Count ``sale`` in its day's market and province rows, in the caller's transaction.

    The market row is locked, its counts and values incremented (``F()``), and the stall
    figures recomputed (one query per stall's index, cheap); the province row is then
    rebuilt from its markets' rows. A row that did not exist yet is computed whole instead,
    which also counts every sale of the day recorded before it. Called for every sale, so it
    raises nothing on normal input; if the database fails, the sale rolls back with it.
    """
    day = local_day(sale.at)
    market_id, province_id = (
        Stall.objects.filter(pk=sale.stall_id)
        .values_list("market_id", "market__commune__province_id")
        .get()
    )
    with transaction.atomic():
        row = MarketDay.objects.select_for_update().filter(market_id=market_id, day=day).first()
        if row is None:
            row = _locked(MarketDay, day, market_id=market_id)
            figures = _sale_figures(market_id, day)  # includes this sale (our transaction)
        else:
            prefix = "cash" if sale.source == CASH else "cashless"
            figures = {
                f"{prefix}_count": F(f"{prefix}_count") + 1,
                f"{prefix}_value": F(f"{prefix}_value") + sale.amount,
            }
        stall_figures = _stall_figures(market_id, day)
        figures.update(stall_figures)
        MarketDay.objects.filter(pk=row.pk).update(
            **figures,
            is_cho40=_is_cho40(stall_figures, _criteria_read_only()),
            computed_at=timezone.now(),
        )
        _write_province_day(province_id, day)
