"""Adoption rollups: each market's and province's figures per Viet Nam day (``MarketDay``,
``ProvinceDay``), and each stall's cashless takings per day (``StallDay``, for the board's
stall table), written from ``Sale``, ``Stall`` and ``StallQR`` with aggregate queries.

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
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import Greatest
from django.utils import timezone

from market.models import (
    AdoptionCriteria,
    Market,
    MarketDay,
    Province,
    ProvinceDay,
    Sale,
    Stall,
    StallDay,
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


# --- The figures of market days, from the source tables -----------------------------------

STALL_FIGURES = ("stalls", "stalls_with_qr", "stalls_paid_7d", "stalls_paid_30d")
SALE_FIGURES = ("cashless_count", "cashless_value", "cash_count", "cash_value")


def _stall_figures(market_ids: list[int], day: dt.date) -> dict[int, dict[str, int]]:
    """Per market: active stalls on ``day`` (registered by its end, not closed by then), those
    with a registered QR active at the end of the day, and those with a cashless sale in the
    7 and 30 days ending that day. One query grouped by market; each stall costs one probe of
    the ``sale_stall_time`` index (stall, time) per window, so the cost follows the number of
    stalls, not of sales."""
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
    rows = (
        Stall.objects.filter(market_id__in=market_ids, created_at__lt=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .values("market_id")
        .annotate(
            stalls=Count("pk"),
            stalls_with_qr=Count("pk", filter=Exists(qr_at_end)),
            stalls_paid_7d=Count("pk", filter=paid_since(7)),
            stalls_paid_30d=Count("pk", filter=paid_since(30)),
        )
        .order_by()
    )
    return {row.pop("market_id"): row for row in rows}


def _sale_figures(market_ids: list[int], day: dt.date) -> dict[int, dict[str, int]]:
    """Per market: the day's cashless and cash sales, count and value. One query grouped by
    market, reading the day's sales through the ``sale_stall_time`` index (stall, time)."""
    start = day_start(day)
    cashless, cash = ~Q(source=CASH), Q(source=CASH)
    rows = (
        Sale.objects.filter(
            stall__market_id__in=market_ids,
            at__gte=start,
            at__lt=start + dt.timedelta(days=1),
        )
        .values("stall__market_id")
        .annotate(
            cashless_count=Count("pk", filter=cashless),
            cashless_value=Sum("amount", filter=cashless),
            cash_count=Count("pk", filter=cash),
            cash_value=Sum("amount", filter=cash),
        )
        .order_by()
    )
    return {row.pop("stall__market_id"): {k: v or 0 for k, v in row.items()} for row in rows}


def _stall_days(day: dt.date, **which) -> list[StallDay]:
    """The day's ``StallDay`` rows of the stalls ``which`` selects (``stall__market_id__in``
    or ``stall_id``), from their cashless sales: one query grouped by stall."""
    start = day_start(day)
    rows = (
        Sale.objects.filter(at__gte=start, at__lt=start + dt.timedelta(days=1), **which)
        .exclude(source=CASH)
        .values("stall_id")
        .annotate(count=Count("pk"), value=Sum("amount"), last=Max("at"))
        .order_by()
    )
    return [
        StallDay(
            stall_id=row["stall_id"],
            day=day,
            cashless_count=row["count"],
            cashless_value=row["value"],
            last_cashless_at=row["last"],
        )
        for row in rows
    ]


def _write_stall_days(market_ids: list[int], day: dt.date) -> None:
    """Rewrite the markets' stall rows of ``day`` (the caller holds their market rows' lock)."""
    StallDay.objects.filter(stall__market_id__in=market_ids, day=day).delete()
    StallDay.objects.bulk_create(_stall_days(day, stall__market_id__in=market_ids))


def _count_stall_sale(sale: Sale, day: dt.date) -> None:
    """Add a cashless ``sale`` to its stall's day row (the caller holds the market row's lock,
    so no other writer touches the stall's row meanwhile); a missing row is computed whole
    from the day's sales, this one included."""
    updated = StallDay.objects.filter(stall_id=sale.stall_id, day=day).update(
        cashless_count=F("cashless_count") + 1,
        cashless_value=F("cashless_value") + sale.amount,
        last_cashless_at=Greatest("last_cashless_at", sale.at),
    )
    if not updated:
        StallDay.objects.bulk_create(_stall_days(day, stall_id=sale.stall_id))


def _figures(figures: dict[int, dict], market_id: int, names: tuple[str, ...]) -> dict:
    found = figures.get(market_id, {})
    return {name: found.get(name) or 0 for name in names}


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


def _locked(model, day: dt.date, owner: str, ids: list[int]) -> list:
    """The day's rows of ``ids`` (markets or provinces), created empty if missing, locked for
    this transaction in id order.

    ``INSERT … ON CONFLICT DO NOTHING`` then ``SELECT … FOR UPDATE``: two transactions that
    both find no row never fail, the second waits for the first and then locks its row.
    """
    model.objects.bulk_create([model(day=day, **{owner: pk}) for pk in ids], ignore_conflicts=True)
    return list(
        model.objects.select_for_update().filter(day=day, **{f"{owner}__in": ids}).order_by(owner)
    )


# --- Whole days (nightly, on demand, backfill) --------------------------------------------


def compute_market_day(
    *, market: Market, day: dt.date, criteria: AdoptionCriteria | None = None
) -> MarketDay:
    """Recompute one market's figures for ``day`` from the source tables, then its
    province's row (idempotent)."""
    return compute_day(day, markets=Market.objects.filter(pk=market.pk), criteria=criteria)[0]


def _write_market_days(
    market_ids: list[int], day: dt.date, criteria: AdoptionCriteria
) -> list[MarketDay]:
    rows = _locked(MarketDay, day, "market_id", sorted(market_ids))
    stalls, sales = _stall_figures(market_ids, day), _sale_figures(market_ids, day)
    for row in rows:
        figures = {
            **_figures(stalls, row.market_id, STALL_FIGURES),
            **_figures(sales, row.market_id, SALE_FIGURES),
        }
        for name, value in figures.items():
            setattr(row, name, value)
        row.is_cho40 = _is_cho40(figures, criteria)
        row.save(update_fields=[*SUMMED, "is_cho40", "computed_at"])
    _write_stall_days(market_ids, day)
    return rows


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
    [row] = _locked(ProvinceDay, day, "province_id", [province_id])
    for name, value in _province_figures(province_id, day).items():
        setattr(row, name, value)
    row.save()
    return row


def compute_province_day(*, province: Province, day: dt.date) -> ProvinceDay:
    """Recompute a province's figures for ``day`` from its markets' rows (idempotent)."""
    with transaction.atomic():
        return _write_province_day(province.pk, day)


def compute_day(
    day: dt.date, *, markets=None, criteria: AdoptionCriteria | None = None
) -> list[MarketDay]:
    """Recompute ``day`` for every market (or only ``markets``), then their provinces.

    The markets' rows are one short transaction (a handful of grouped queries, whatever the
    number of markets), each province's another: sales settling meanwhile wait for a few
    milliseconds at most.
    """
    criteria = criteria or AdoptionCriteria.current()
    markets = markets if markets is not None else Market.objects.all()
    pairs = list(markets.order_by("pk").values_list("pk", "commune__province_id"))
    if not pairs:
        return []
    with transaction.atomic():
        rows = _write_market_days([pk for pk, _ in pairs], day, criteria)
    for province_id in sorted({province_id for _, province_id in pairs}):
        with transaction.atomic():
            _write_province_day(province_id, day)
    return rows


def compute_range(start: dt.date, end: dt.date, *, markets=None) -> int:
    """Recompute every day from ``start`` to ``end`` (both included); the number of days."""
    if end < start:
        raise ValueError("The range ends before it starts.")
    criteria = AdoptionCriteria.current()
    day, done = start, 0
    while day <= end:
        compute_day(day, markets=markets, criteria=criteria)
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
            [row] = _locked(MarketDay, day, "market_id", [market_id])
            # Computed whole: every sale of the day so far, this one included (our transaction).
            figures = _figures(_sale_figures([market_id], day), market_id, SALE_FIGURES)
        else:
            prefix = "cash" if sale.source == CASH else "cashless"
            figures = {
                f"{prefix}_count": F(f"{prefix}_count") + 1,
                f"{prefix}_value": F(f"{prefix}_value") + sale.amount,
            }
        if sale.source != CASH:
            _count_stall_sale(sale, day)
        stall_figures = _figures(_stall_figures([market_id], day), market_id, STALL_FIGURES)
        MarketDay.objects.filter(pk=row.pk).update(
            **figures,
            **stall_figures,
            is_cho40=_is_cho40(stall_figures, _criteria_read_only()),
            computed_at=timezone.now(),
        )
        _write_province_day(province_id, day)
