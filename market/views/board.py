"""The market board's dashboard and the province overview: adoption figures from the nightly
rollups, light SVG charts, a stall follow-up table, CSV/XLSX exports. Read only, no JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.tables import configure_table, local_time
from market import access, board_selectors, rollup_selectors, svgchart, tabular, tasks
from market.board_forms import DateRangeForm, StallFollowupFilter
from market.board_tables import ProvinceMarketTable, StallFollowupTable
from market.models import AdoptionCriteria

STALLS_PER_PAGE = 20
MARKETS_PER_PAGE = 50
WEEKLY_AFTER_DAYS = 92
RECOMPUTE_DAYS = 31  # as the nightly run: a late sale also moves the next days' 7/30-day counts
SPREADSHEET_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def compact_vnd(value: float) -> str:
    """An axis label: 1.500.000 → "1,5 M" ("1,5 tr" in Vietnamese)."""
    for size, template in ((10**9, _("%(n)s bn")), (10**6, _("%(n)s M")), (10**3, _("%(n)s k"))):
        if value >= size:
            number = f"{value / size:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return template % {"n": number}
    return f"{value:.0f}"


def _percent_label(value: float) -> str:
    return f"{value:.0f}%"


def _spreadsheet(header, rows, *, fmt: str, filename: str, title: str) -> HttpResponse:
    if fmt == "xlsx":
        body: bytes | str = tabular.xlsx_bytes(header, rows, title=title)
    else:
        body = tabular.csv_text(header, rows)
    response = HttpResponse(body, content_type=SPREADSHEET_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _range_error(form: DateRangeForm) -> HttpResponse:
    messages = [str(error) for errors in form.errors.values() for error in errors]
    return HttpResponse(" ".join(messages), status=400, content_type="text/plain; charset=utf-8")


def _stamp(period: board_selectors.DateRange) -> str:
    return f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"


# --- A market's dashboard --------------------------------------------------------------------


def bucket_days(period) -> int:
    """A long range is drawn by week, so a year's chart stays a few kilobytes."""
    return 1 if period.days <= WEEKLY_AFTER_DAYS else 7


def _market_charts(days, period, criteria) -> dict:
    by_day = {day.day: day for day in days}
    bucket = bucket_days(period)
    adoption = svgchart.line_chart(
        start=period.start,
        end=period.end,
        bucket_days=bucket,
        y_max=100,
        y_label=_percent_label,
        series=[
            (_("registered QR"), "s1", {d: row.qr_share for d, row in by_day.items()}),
            (_("paid in 30 days"), "s2", {d: row.paid_30d_share for d, row in by_day.items()}),
            (_("paid in 7 days"), "s3", {d: row.paid_7d_share for d, row in by_day.items()}),
        ],
        guides=[
            (criteria.min_qr_share, _("QR target"), "g1"),
            (criteria.min_paid_30d_share, _("30-day target"), "g2"),
        ],
    )
    value = svgchart.bar_chart(
        start=period.start,
        end=period.end,
        values={d: row.cashless_value for d, row in by_day.items()},
        y_label=compact_vnd,
        bucket_days=bucket,
    )
    return {"adoption": adoption, "value": value, "weekly": bucket > 1}


def _stall_table(request, market, period):
    stalls = board_selectors.stall_followup(market=market, period=period)
    filters = StallFollowupFilter(request.GET or None, queryset=stalls)
    return filters, filters.qs


@access.market_view(access.can_view_board)
def market_board(request, market):
    form = DateRangeForm(request.GET)
    period = form.period
    criteria = AdoptionCriteria.current()
    days = list(rollup_selectors.market_days(market, period.start, period.end))
    latest = rollup_selectors.latest_market_day(market, on_or_before=period.end)
    filters, stalls = _stall_table(request, market, period)
    # One aggregate query: the table sorts and pages the market's stalls (hundreds at most)
    # in memory, rather than a COUNT over the aggregate and then the page.
    table = configure_table(
        request, StallFollowupTable(list(stalls), market=market), per_page=STALLS_PER_PAGE
    )
    can_see_alerts = access.can_see_alerts(request.user, market)
    return render(
        request,
        "market/board/dashboard.html",
        {
            "market": market,
            "form": form,
            "period": period,
            "today": form.today,
            "latest": latest,
            "last_day": next((day for day in days if day.day == period.end), None),
            "totals": board_selectors.totals(days),
            "status": board_selectors.cho40_status(latest, criteria),
            "criteria": criteria,
            "charts": _market_charts(days, period, criteria),
            "filter": filters,
            "table": table,
            "can_see_alerts": can_see_alerts,
            "can_recompute": access.can_recompute_figures(request.user, market),
            "alerts": board_selectors.latest_alerts(market=market) if can_see_alerts else [],
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@access.market_view(access.can_recompute_figures)
def market_board_recompute(request, market):
    """On demand, what the nightly run does: the market's last 31 days, in the background."""
    tasks.enqueue_market_recompute(market.id, days=RECOMPUTE_DAYS)
    messages.success(
        request,
        _("The figures of %(market)s are being recomputed; reload this page in a minute.")
        % {"market": market.name},
    )
    return redirect("market:board", slug=market.slug)


def _days_rows(days):
    for day in days:
        yield [
            day.day.isoformat(),
            day.stalls,
            day.stalls_with_qr,
            day.qr_share,
            day.stalls_paid_7d,
            day.paid_7d_share,
            day.stalls_paid_30d,
            day.paid_30d_share,
            day.cashless_count,
            day.cashless_value,
            day.cash_count,
            day.cash_value,
            day.cashless_share,
            _("yes") if day.is_cho40 else _("no"),
        ]


def days_header() -> list[str]:
    return [
        _("Day"),
        _("Open stalls"),
        _("Stalls with a registered QR"),
        _("With QR (%)"),
        _("Stalls paid in 7 days"),
        _("Paid in 7 days (%)"),
        _("Stalls paid in 30 days"),
        _("Paid in 30 days (%)"),
        _("Cashless payments"),
        _("Cashless value (VND)"),
        _("Cash sales"),
        _("Cash value (VND)"),
        _("Cashless share (%)"),
        _("Chợ 4.0"),
    ]


@access.market_view(access.can_view_board)
def market_board_days(request, market, fmt: str):
    form = DateRangeForm(request.GET)
    if form.errors:
        return _range_error(form)
    period = form.period
    days = list(rollup_selectors.market_days(market, period.start, period.end))
    return _spreadsheet(
        days_header(),
        _days_rows(days),
        fmt=fmt,
        filename=f"days-{market.slug}-{_stamp(period)}",
        title=_("Daily figures"),
    )


@access.market_view(access.can_view_board)
def market_board_stalls(request, market, fmt: str):
    form = DateRangeForm(request.GET)
    if form.errors:
        return _range_error(form)
    period = form.period
    _filters, stalls = _stall_table(request, market, period)
    header = [
        _("Stall code"),
        _("Stall name"),
        _("Stallholder"),
        _("Goods category"),
        _("Registered QR"),
        _("Last cashless payment"),
        _("Cashless payments"),
        _("Cashless value (VND)"),
    ]
    rows = (
        [
            stall.code,
            stall.name,
            stall.stallholder_name,
            stall.get_goods_category_display(),
            _("yes") if stall.has_qr else _("no"),
            local_time(stall.last_cashless_at, "Y-m-d") if stall.last_cashless_at else "",
            stall.cashless_count,
            stall.cashless_value,
        ]
        for stall in stalls
    )
    return _spreadsheet(
        header,
        rows,
        fmt=fmt,
        filename=f"stalls-{market.slug}-{_stamp(period)}",
        title=_("Stalls"),
    )


# --- A province's overview --------------------------------------------------------------------


@access.province_view(access.can_view_province)
def province_overview(request, province):
    form = DateRangeForm(request.GET)
    period = form.period
    rows = board_selectors.province_markets(province=province, on_or_before=period.end)
    days = list(rollup_selectors.province_days(province, period.start, period.end))
    cho40 = sum(1 for row in rows if row.cho40)
    target = province.cho40_target
    guides = [(target, _("target"), "g1")] if target else []
    chart = svgchart.line_chart(
        start=period.start,
        end=period.end,
        series=[(_("Chợ 4.0 markets"), "s1", {day.day: day.cho40_markets for day in days})],
        bucket_days=bucket_days(period),
        guides=guides,
        y_label=lambda value: f"{value:.0f}",
    )
    table = configure_table(request, ProvinceMarketTable(rows), per_page=MARKETS_PER_PAGE)
    return render(
        request,
        "market/board/province.html",
        {
            "province": province,
            "form": form,
            "period": period,
            "markets": len(rows),
            "with_figures": sum(1 for row in rows if row.figures is not None),
            "cho40": cho40,
            "target": target,
            "target_percent": min(100, round(100 * cho40 / target)) if target else None,
            "chart": chart,
            "table": table,
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@access.province_view(access.can_view_province)
def province_markets_export(request, province, fmt: str):
    form = DateRangeForm(request.GET)
    if form.errors:
        return _range_error(form)
    period = form.period
    rows = board_selectors.province_markets(province=province, on_or_before=period.end)
    header = [
        _("Market"),
        _("Commune / ward"),
        _("Figures of"),
        _("Chợ 4.0"),
        _("Open stalls"),
        _("Stalls with a registered QR"),
        _("With QR (%)"),
        _("Stalls paid in 30 days"),
        _("Paid in 30 days (%)"),
        _("Cashless payments"),
        _("Cashless value (VND)"),
        _("Cashless share (%)"),
    ]
    data = []
    for row in rows:
        day = row.figures
        data.append(
            [
                row.name,
                row.commune,
                day.day.isoformat() if day else "",
                (_("yes") if row.cho40 else _("no")) if day else "",
                day.stalls if day else None,
                day.stalls_with_qr if day else None,
                row.qr_share,
                day.stalls_paid_30d if day else None,
                row.paid_30d_share,
                row.cashless_count,
                row.cashless_value,
                row.cashless_share,
            ]
        )
    return _spreadsheet(
        header,
        data,
        fmt=fmt,
        filename=f"markets-{province.slug}-{period.end:%Y%m%d}",
        title=_("Markets"),
    )
