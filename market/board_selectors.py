"""Read side of the board dashboard and the province overview.

Figures and charts read the adoption rollups (``MarketDay``, ``ProvinceDay``) only, so their
cost follows the number of days shown, never the number of sales. The one exception is the
stall follow-up table: one aggregate query over the market's sales of the chosen range.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from market import rollup_selectors
from market.models import (
    AdoptionCriteria,
    Market,
    MarketDay,
    Province,
    QRAlert,
    Stall,
    StallQR,
)

DEFAULT_DAYS = 30
MAX_DAYS = 366
PAID_WINDOW_DAYS = 30  # "no cashless payment in 30 days", as in the rollups' paid_30d


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def default(cls, today: dt.date | None = None) -> DateRange:
        today = today or timezone.localdate()
        return cls(today - dt.timedelta(days=DEFAULT_DAYS - 1), today)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start 00:00, the day after end 00:00) in Viet Nam time, for ``Sale.at``."""
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time(), tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        return start, end


# --- One market ------------------------------------------------------------------------------


@dataclass
class Totals:
    cashless_count: int = 0
    cashless_value: int = 0
    cash_count: int = 0
    cash_value: int = 0

    @property
    def cashless_share(self) -> float | None:
        whole = self.cashless_value + self.cash_value
        return None if not whole else round(100 * self.cashless_value / whole, 1)


def totals(days) -> Totals:
    """The sums of the given rollup rows (one range: at most ``MAX_DAYS`` rows)."""
    result = Totals()
    for day in days:
        result.cashless_count += day.cashless_count
        result.cashless_value += day.cashless_value
        result.cash_count += day.cash_count
        result.cash_value += day.cash_value
    return result


@dataclass
class Cho40Status:
    met: bool
    has_figures: bool
    missing: list[str] = field(default_factory=list)


def _more_needed(part: int, whole: int, percent: int) -> int:
    """How many more of ``whole`` must join ``part`` to reach ``percent``."""
    return max(0, math.ceil(percent * whole / 100) - part)


def cho40_status(figures, criteria: AdoptionCriteria) -> Cho40Status:
    """Whether the figures meet the Chợ 4.0 criteria, and in words what is missing."""
    if figures is None:
        return Cho40Status(met=False, has_figures=False)
    if not figures.stalls:
        return Cho40Status(
            met=False, has_figures=True, missing=[_("The market has no open stalls.")]
        )
    missing = []
    qr = _more_needed(figures.stalls_with_qr, figures.stalls, criteria.min_qr_share)
    if qr:
        missing.append(
            ngettext(
                "%(count)s more stall needs a registered QR (%(now)s%% now, %(needed)s%% needed).",
                "%(count)s more stalls need a registered QR (%(now)s%% now, %(needed)s%% needed).",
                qr,
            )
            % {"count": qr, "now": _number(figures.qr_share), "needed": criteria.min_qr_share}
        )
    paid = _more_needed(figures.stalls_paid_30d, figures.stalls, criteria.min_paid_30d_share)
    if paid:
        missing.append(
            ngettext(
                "%(count)s more stall needs a cashless payment in 30 days "
                "(%(now)s%% now, %(needed)s%% needed).",
                "%(count)s more stalls need a cashless payment in 30 days "
                "(%(now)s%% now, %(needed)s%% needed).",
                paid,
            )
            % {
                "count": paid,
                "now": _number(figures.paid_30d_share),
                "needed": criteria.min_paid_30d_share,
            }
        )
    met = criteria.is_met(
        stalls=figures.stalls,
        stalls_with_qr=figures.stalls_with_qr,
        stalls_paid_30d=figures.stalls_paid_30d,
    )
    return Cho40Status(met=met, has_figures=True, missing=missing)


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def latest_alerts(*, market: Market, limit: int = 5) -> list[QRAlert]:
    return list(QRAlert.objects.filter(market=market).select_related("stall")[:limit])


def stall_followup(*, market: Market, period: DateRange, now: dt.datetime | None = None):
    """The market's open stalls with their cashless payments in the range, for follow-up.

    One aggregate query over the stalls' day rows (``StallDay``, one per stall and day with a
    cashless payment), cut in the join's ON clause to the range widened to the last 30 days
    (for "no payment in 30 days"): its cost follows stalls × days, never the number of sales.
    """
    now = now or timezone.now()
    paid_since = now - dt.timedelta(days=PAID_WINDOW_DAYS)
    first_day = min(period.start, timezone.localdate(paid_since))
    last_day = max(period.end, timezone.localdate(now))
    in_range = Q(recent_days__day__gte=period.start, recent_days__day__lte=period.end)
    return (
        Stall.objects.filter(market=market, is_active=True)
        .annotate(
            recent_days=FilteredRelation(
                "days", condition=Q(days__day__gte=first_day, days__day__lte=last_day)
            ),
            has_qr=Exists(StallQR.objects.filter(stall=OuterRef("pk"), is_active=True)),
            cashless_count=Coalesce(Sum("recent_days__cashless_count", filter=in_range), 0),
            cashless_value=Coalesce(Sum("recent_days__cashless_value", filter=in_range), 0),
            last_cashless_at=Max("recent_days__last_cashless_at"),
            paid_recently=Count(
                "recent_days", filter=Q(recent_days__last_cashless_at__gte=paid_since)
            ),
        )
        .order_by("code")
    )


# --- A province ------------------------------------------------------------------------------


@dataclass
class MarketRow:
    """A market of the province with its newest rollup row (``figures``: None before any)."""

    market: Market
    figures: MarketDay | None

    def _figure(self, name: str):
        return None if self.figures is None else getattr(self.figures, name)

    @property
    def name(self) -> str:
        return self.market.name

    @property
    def commune(self) -> str:
        return self.market.commune.name

    @property
    def day(self) -> dt.date | None:
        return self._figure("day")

    @property
    def stalls(self) -> int | None:
        return self._figure("stalls")

    @property
    def qr_share(self) -> float | None:
        return self._figure("qr_share")

    @property
    def paid_7d_share(self) -> float | None:
        return self._figure("paid_7d_share")

    @property
    def paid_30d_share(self) -> float | None:
        return self._figure("paid_30d_share")

    @property
    def cashless_count(self) -> int | None:
        return self._figure("cashless_count")

    @property
    def cashless_value(self) -> int | None:
        return self._figure("cashless_value")

    @property
    def cashless_share(self) -> float | None:
        return self._figure("cashless_share")

    @property
    def cho40(self) -> bool:
        return bool(self.figures is not None and self.figures.is_cho40)


def province_markets(*, province: Province, on_or_before: dt.date) -> list[MarketRow]:
    """Every market of the province with its newest rollup row up to the day: two queries."""
    return [
        MarketRow(market, figures)
        for market, figures in rollup_selectors.province_markets_latest(province, on_or_before)
    ]


def provinces_for_user(user) -> list[Province]:
    """The provinces whose overview the user may open (officials: theirs; staff: all)."""
    if not user.is_authenticated:
        return []
    if user.is_staff:
        return list(Province.objects.filter(communes__markets__isnull=False).distinct())
    return list(user.official_provinces.all())
