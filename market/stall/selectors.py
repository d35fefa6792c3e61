"""Read side of the stall app: the stallholder's stalls, a stall's charge, today's takings and
the bank-confirmed sales the payment speaker has not announced yet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from market.models import Sale, Stall, StallCharge

#: Market days run on Viet Nam time, whatever the server's clock says.
MARKET_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CASHLESS = (Sale.Source.DYNAMIC_QR, Sale.Source.STATIC_QR)
#: Sales committed this recently are sent again to the speaker, which skips the ones it has
#: shown: two transfers settled at once may commit in the other order than their ids.
SPEAKER_OVERLAP = dt.timedelta(seconds=120)
SPEAKER_BATCH = 20


def stallholder_stalls(user) -> QuerySet:
    """The active stalls ``user`` is the stallholder of, with their market."""
    if not user.is_authenticated:
        return Stall.objects.none()
    return (
        Stall.objects.filter(stallholder=user, is_active=True)
        .select_related("market")
        .order_by("market__name", "code")
    )


def stallholder_stall(user, *, slug: str, code: str) -> Stall | None:
    return stallholder_stalls(user).filter(market__slug=slug, code=code.upper()[:20]).first()


def stall_charge(*, stall: Stall, reference: str) -> StallCharge | None:
    return (
        StallCharge.objects.select_related("payment_request")
        .filter(stall=stall, payment_request__reference=reference.upper()[:16])
        .first()
    )


def market_day(now: dt.datetime | None = None) -> tuple[dt.date, dt.datetime, dt.datetime]:
    """Today in Viet Nam: the date and its [start, end) instants."""
    local = (now or timezone.now()).astimezone(MARKET_TZ)
    start = dt.datetime.combine(local.date(), dt.time.min, tzinfo=MARKET_TZ)
    return local.date(), start, start + dt.timedelta(days=1)


@dataclass(frozen=True)
class Takings:
    day: dt.date
    count: int
    total: int
    cashless_count: int
    cashless_total: int
    cash_count: int
    cash_total: int

    @property
    def cashless_percent(self) -> int | None:
        """Share of the day's value paid by QR (None before the first sale)."""
        return round(100 * self.cashless_total / self.total) if self.total else None


def today_sales(*, stall: Stall, now: dt.datetime | None = None) -> QuerySet:
    """The stall's sales of today (Viet Nam time), newest first."""
    _day, start, end = market_day(now)
    return (
        Sale.objects.filter(stall=stall, at__gte=start, at__lt=end)
        .select_related("payment_request")
        .order_by("-at", "-pk")
    )


def today_takings(*, stall: Stall, now: dt.datetime | None = None) -> Takings:
    """Count and total of today's sales, split QR / cash, in one query."""
    day, start, end = market_day(now)
    cashless, cash = Q(source__in=CASHLESS), Q(source=Sale.Source.CASH)
    figures = Sale.objects.filter(stall=stall, at__gte=start, at__lt=end).aggregate(
        count=Count("pk"),
        total=Sum("amount"),
        cashless_count=Count("pk", filter=cashless),
        cashless_total=Sum("amount", filter=cashless),
        cash_count=Count("pk", filter=cash),
        cash_total=Sum("amount", filter=cash),
    )
    return Takings(day=day, **{key: value or 0 for key, value in figures.items()})


def speaker_sales(*, stall: Stall, after: int, now: dt.datetime | None = None) -> list[Sale]:
    """Bank-confirmed sales of the stall after sale ``after`` (oldest first, at most
    ``SPEAKER_BATCH``), and before them the ones up to ``after`` recorded in the last two
    minutes, which the page skips if it has shown them. Never cash."""
    sales = Sale.objects.filter(stall=stall, source__in=CASHLESS)
    recent = (now or timezone.now()) - SPEAKER_OVERLAP
    late = sales.filter(pk__lte=after, created_at__gte=recent).order_by("pk")[:SPEAKER_BATCH]
    new = sales.filter(pk__gt=after).order_by("pk")[:SPEAKER_BATCH]
    return [*late, *new]


def speaker_start(*, stall: Stall, now: dt.datetime | None = None) -> tuple[int, list[int]]:
    """Where a freshly opened speaker starts: the newest sale id, and the ids of the recent
    sales it must not announce (they came before the page was opened)."""
    recent = (now or timezone.now()) - SPEAKER_OVERLAP
    sales = Sale.objects.filter(stall=stall, source__in=CASHLESS)
    last = sales.order_by("-pk").values_list("pk", flat=True).first() or 0
    seen = list(sales.filter(created_at__gte=recent).values_list("pk", flat=True))
    return last, seen


def speaker_history(*, stall: Stall, limit: int = 5) -> list[Sale]:
    """The last few bank-confirmed sales, shown on the speaker page when it opens."""
    return list(Sale.objects.filter(stall=stall, source__in=CASHLESS).order_by("-pk")[:limit])
