"""The board dashboard and the province overview: figures read from given rollup rows, the
date range, the stall follow-up table and its filter, charts, CSV/XLSX exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from market import rollups, svgchart
from market.models import AdoptionCriteria, MarketDay, ProvinceDay, QRAlert, Sale
from payments.models import BankFeedEvent
from tests.market import builders

pytestmark = pytest.mark.django_db
A = "/markets/cho-hung-son/board/"
TN = "/markets/province/thai-nguyen/"
STATIC = Path(settings.BASE_DIR) / "static" / "css"


@pytest.fixture
def world():
    return builders.world()


@pytest.fixture
def board(client, world):
    """A signed-in board member of market A, reading English (the source strings)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["board_a"])
    return client


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def today() -> dt.date:
    return timezone.localdate()


def day_row(market, days_ago: int, **figures) -> MarketDay:
    values = {
        "stalls": 10,
        "stalls_with_qr": 8,
        "stalls_paid_7d": 5,
        "stalls_paid_30d": 6,
        "cashless_count": 4,
        "cashless_value": 400_000,
        "cash_count": 1,
        "cash_value": 100_000,
    }
    values.update(figures)
    row, _ = MarketDay.objects.update_or_create(
        market=market, day=today() - dt.timedelta(days=days_ago), defaults=values
    )
    return row


def sale(
    stall, amount: int, *, days_ago: float = 0, cash: bool = False, counted: bool = True
) -> Sale:
    """A sale, counted in its day's rollup rows as the ledger does (``counted=False``: only
    written, as a recompute finds it)."""
    at = timezone.now() - dt.timedelta(days=days_ago)
    if cash:
        return Sale.objects.create(
            stall=stall, amount=amount, source=Sale.Source.CASH, at=at, cash_token=uuid.uuid4()
        )
    event = BankFeedEvent.objects.create(provider="test", transaction_id=uuid.uuid4().hex)
    sale = Sale.objects.create(
        stall=stall, amount=amount, source=Sale.Source.STATIC_QR, at=at, bank_event=event
    )
    if counted:
        rollups.sale_recorded(sale=sale)  # as market.ledger does in the sale's transaction
    return sale


# --- figures ---------------------------------------------------------------------------------


def test_figures_come_from_the_latest_row_and_the_range_totals(board, world):
    market = world.market_a
    day_row(market, 40, cashless_value=9_000_000, cashless_count=90)  # outside the 30 days
    day_row(market, 2, cashless_value=500_000, cashless_count=5)
    day_row(market, 1, cashless_value=250_000, cashless_count=3, cash_value=250_000)
    day_row(market, 0, stalls=20, stalls_with_qr=17, stalls_paid_7d=9, stalls_paid_30d=11,
            cashless_count=7, cashless_value=1_250_000, cash_value=0)  # fmt: skip
    response = board.get(A)
    assert response.status_code == 200
    page = text(response)
    assert "85%" in page and "with a registered QR (17)" in page
    assert "45%" in page and "55%" in page  # paid in 7 and 30 days
    assert "1.250.000 ₫" in page and "cashless today" in page and "7 payments" in page
    assert "2.000.000 ₫" in page and "15 payments" in page  # 500k + 250k + 1.25M, 5+3+7
    assert "9.000.000 ₫" not in page
    # Cashless share of the range: 2.000.000 of 2.000.000 + 100.000 + 250.000 + 0.
    assert "85%" in page and "cash 350.000 ₫" in page


def test_status_says_what_is_missing(board, world):
    AdoptionCriteria.current()  # 90% QR, 50% paid in 30 days
    day_row(world.market_a, 0, stalls=20, stalls_with_qr=17, stalls_paid_30d=8)
    page = text(board.get(A))
    assert "Not yet Chợ 4.0" in page
    assert "1 more stall needs a registered QR (85% now, 90% needed)." in page
    assert "2 more stalls need a cashless payment in 30 days (40% now, 50% needed)." in page


def test_status_met(board, world):
    day_row(world.market_a, 0, stalls=20, stalls_with_qr=18, stalls_paid_30d=10)
    page = text(board.get(A))
    assert "Chợ 4.0 market" in page and "more stall" not in page


def test_criteria_from_the_admin_row_are_used(board, world):
    criteria = AdoptionCriteria.current()
    criteria.min_qr_share = 80
    criteria.save()
    day_row(world.market_a, 0, stalls=20, stalls_with_qr=17, stalls_paid_30d=10)
    assert "Chợ 4.0 market" in text(board.get(A))


def test_no_figures_yet(board, world):
    page = text(board.get(A))
    assert "No figures yet" in page and "No figures in this range." in page


def test_a_past_range_shows_the_figures_of_its_last_day(board, world):
    day_row(world.market_a, 10, stalls=10, stalls_with_qr=3)
    day_row(world.market_a, 0, stalls=10, stalls_with_qr=9)
    end = today() - dt.timedelta(days=5)
    page = text(board.get(A, {"start": (end - dt.timedelta(days=20)).isoformat(),
                              "end": end.isoformat()}))  # fmt: skip
    assert "with a registered QR (3)" in page and "with a registered QR (9)" not in page
    assert f"cashless on {end.day}/{end.month}" in page


# --- date range ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, message",
    [
        ({"start": "2026-02-10", "end": "2026-02-01"}, "The start date must be on or before"),
        ({"start": "2024-01-01", "end": "2025-06-30"}, "Choose at most 366 days."),
        ({"start": "hôm qua"}, "Enter a valid date."),
        ({"end": "2999-01-01"}, "The range cannot end after today."),
    ],
)
def test_a_bad_range_is_a_clear_error_not_a_500(board, world, query, message):
    response = board.get(A, query)
    assert response.status_code == 400
    assert message in text(response)
    assert "Stalls to follow up" in text(response)  # the page still shows the default range
    for export in ("days.csv", "stalls.xlsx"):
        response = board.get(A + export, query)
        assert response.status_code == 400 and message in text(response)
    assert board.get(TN, query).status_code == 403  # board members have no province page


def test_a_bad_range_is_translated(client, world):
    client.force_login(world.users["board_a"])  # Vietnamese, the default
    response = client.get(A, {"start": "2026-02-10", "end": "2026-02-01"})
    assert response.status_code == 400 and "errorlist" in text(response)


def test_a_full_year_is_allowed(board, world):
    end = today()
    start = end - dt.timedelta(days=365)
    response = board.get(A, {"start": start.isoformat(), "end": end.isoformat()})
    assert response.status_code == 200 and "(366 days)" in text(response)


# --- stall follow-up table -------------------------------------------------------------------


def test_stall_table_counts_cashless_sales_of_the_range_and_market_only(board, world):
    a1, a2, b1 = world.stalls["a1"], world.stalls["a2"], world.stalls["b1"]
    sale(a1, 150_000, days_ago=1)
    sale(a1, 50_000, days_ago=3)
    sale(a1, 70_000, days_ago=1, cash=True)  # cash: not counted
    sale(a1, 999_000, days_ago=45)  # before the range
    sale(b1, 888_000, days_ago=1)  # another market
    table = board.get(A).context["table"]
    rows = {row.record.code: row.record for row in table.paginated_rows}
    assert set(rows) == {"A-01", "A-02"}
    assert (rows["A-01"].cashless_count, rows["A-01"].cashless_value) == (2, 200_000)
    assert rows["A-01"].has_qr and not rows["A-02"].has_qr
    assert (rows["A-02"].cashless_count, rows["A-02"].cashless_value) == (0, 0)
    page = text(board.get(A))
    assert "200.000 ₫" in page and "888.000" not in page and "999.000" not in page
    assert a2.code in page


def test_stallholder_phone_is_one_tap_away(board, world):
    stall = world.stalls["a2"]
    stall.stallholder_phone = "0912345678"
    stall.save()
    assert '<a href="tel:0912345678">0912345678</a>' in text(board.get(A))


def test_no_payment_in_30_days_filter(board, world):
    a1, a2 = world.stalls["a1"], world.stalls["a2"]
    a3 = builders.stall(world.market_a, "A-03")
    sale(a1, 150_000, days_ago=2)
    sale(a3, 40_000, days_ago=40)  # paid, but not in the last 30 days
    response = board.get(A, {"unpaid": "on"})
    codes = [row.record.code for row in response.context["table"].paginated_rows]
    assert codes == [a2.code, a3.code]
    # The export follows the filter.
    rows = list(csv.reader(io.StringIO(board.get(A + "stalls.csv", {"unpaid": "on"}).content
                                       .decode("utf-8-sig"))))  # fmt: skip
    assert [row[0] for row in rows[1:]] == [a2.code, a3.code]


def test_stall_table_sorts_and_paginates(board, world):
    for index in range(3, 26):
        stall = builders.stall(world.market_a, f"A-{index:02d}", bank=False)
        if index % 5 == 0:
            sale(stall, index * 1_000, days_ago=1)
    response = board.get(A, {"sort": "-cashless_value"})
    codes = [row.record.code for row in response.context["table"].paginated_rows]
    assert codes[:5] == ["A-25", "A-20", "A-15", "A-10", "A-05"]
    assert len(codes) == 20
    page2 = board.get(A, {"sort": "-cashless_value", "page": 2}).context["table"]
    assert len(list(page2.paginated_rows)) == 5
    assert board.get(A, {"sort": "nonsense", "page": "x"}).status_code == 200
    for column in ("code", "name", "stallholder_name", "goods_category", "has_qr",
                   "last_cashless_at", "cashless_count"):  # fmt: skip
        assert board.get(A, {"sort": column}).status_code == 200


def test_query_count_does_not_grow_with_stalls_days_or_sales(board, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert board.get(A).status_code == 200
        # The follow-up table's one aggregate reads the stalls' day rows, never the sales.
        assert [q for q in captured if '"market_sale"' in q["sql"]] == []
        assert len([q for q in captured if '"market_stallday"' in q["sql"]]) == 1
        return len(captured)

    day_row(world.market_a, 0)
    sale(world.stalls["a1"], 10_000, days_ago=1)
    queries()  # the first request also makes the session and the criteria row
    few = queries()
    for index in range(3, 15):
        stall = builders.stall(world.market_a, f"A-{index:02d}")
        for days_ago in range(3):
            sale(stall, 10_000, days_ago=days_ago + 0.1)
    for days_ago in range(1, 25):
        day_row(world.market_a, days_ago)
    assert queries() == few


# --- charts ----------------------------------------------------------------------------------


def test_charts_are_inline_svg_with_gaps_for_missing_days(board, world):
    day_row(world.market_a, 5, cashless_value=300_000)
    day_row(world.market_a, 4, cashless_value=100_000)
    day_row(world.market_a, 1, cashless_value=2_000_000)
    day_row(world.market_a, 0, cashless_value=0)
    response = board.get(A)
    page = text(response)
    assert page.count("<svg") == 2 and "<script" not in page
    adoption = response.context["charts"]["adoption"]
    assert [len(line.segments) for line in adoption.lines] == [2, 2, 2]  # day 3 and 2 missing
    value = response.context["charts"]["value"]
    assert value.bars.count("M") == 3  # a day of 0 ₫ draws no bar
    assert "2 M" in page  # the axis top, compact


def test_line_chart_geometry():
    start = dt.date(2026, 11, 1)
    chart = svgchart.line_chart(
        start=start,
        end=start + dt.timedelta(days=9),
        y_max=100,
        series=[
            (
                "a",
                "s1",
                {start: 0, start + dt.timedelta(days=9): 100, start + dt.timedelta(days=5): None},
            )
        ],  # fmt: skip
    )
    line = chart.lines[0]
    assert line.segments == [] and len(line.dots) == 2
    (x0, y0), (x9, y9) = line.dots
    assert y0 == chart.bottom and y9 == chart.top and x0 < x9 <= chart.right
    assert [tick.label for tick in chart.y_ticks] == ["0", "25", "50", "75", "100"]
    assert len(chart.x_ticks) == 5 and chart.x_ticks[0].label == "1/11"


@pytest.mark.parametrize(
    "value, ceiling", [(0, 1), (7, 10), (11, 20), (2_100_000, 2_500_000), (4_999, 5_000)]
)
def test_nice_ceiling(value, ceiling):
    assert svgchart.nice_ceiling(value) == ceiling


# --- alerts, links, weight ---------------------------------------------------------------------


def test_latest_alerts_for_the_board_only(board, client, world):
    QRAlert.objects.create(market=world.market_a, verdict="mismatch", payload="x", note="Dán đè")
    page = text(board.get(A))
    assert "Latest fake-QR alerts" in page and "Dán đè" in page
    assert "/markets/cho-hung-son/alerts/" in page
    client.force_login(world.users["official"])
    page = text(client.get(A))
    assert "Dán đè" not in page and "/alerts/" not in page


def test_dashboard_is_linked_from_the_register_and_my_markets(board, client, world):
    assert A in text(board.get("/markets/cho-hung-son/stalls/"))
    assert A in text(board.get("/markets/mine/"))
    assert TN not in text(board.get("/markets/mine/"))
    client.force_login(world.users["official"])
    page = text(client.get("/markets/mine/"))
    assert TN in page and A in page


def test_page_weight_is_under_60_kb_with_its_css(board, world):
    for index in range(3, 40):
        builders.stall(world.market_a, f"A-{index:02d}", name=f"Quầy rau củ số {index}")
    end = today()
    for days_ago in range(366):
        day_row(world.market_a, days_ago, cashless_value=100_000 + days_ago * 1_000)
    QRAlert.objects.create(market=world.market_a, verdict="mismatch", payload="x" * 500)
    html = board.get(A, {"start": (end - dt.timedelta(days=365)).isoformat()}).content
    css = sum((STATIC / name).stat().st_size for name in ("site.css", "market.css", "board.css"))
    assert len(html) + css <= 60 * 1024, (len(html), css)


# --- exports ---------------------------------------------------------------------------------


def test_daily_figures_csv_and_xlsx(board, world):
    day_row(world.market_a, 1, cashless_value=250_000)
    day_row(world.market_a, 0, stalls=20, stalls_with_qr=18, stalls_paid_30d=10)
    response = board.get(A + "days.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Day", "Open stalls"] and len(rows) == 3
    assert rows[2][0] == today().isoformat() and rows[2][3] == "90.0"
    response = board.get(A + "days.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Day" and values[1][9] == 250_000 and values[2][1] == 20


def test_stall_exports_guard_against_formulas(board, world):
    stall = world.stalls["a2"]
    stall.name = '=HYPERLINK("http://evil.example","Xem")'
    stall.stallholder_name = "+84 912 345 678"
    stall.save()
    sale(world.stalls["a1"], 150_000, days_ago=1)
    rows = list(csv.reader(io.StringIO(board.get(A + "stalls.csv").content.decode("utf-8-sig"))))
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["A-02"][1].startswith("'=HYPERLINK")
    assert by_code["A-02"][2] == "'+84 912 345 678"
    assert by_code["A-01"][6:] == ["1", "150000"]
    sheet = load_workbook(io.BytesIO(board.get(A + "stalls.xlsx").content)).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert cells["A-02"][1].value.startswith("'=") and cells["A-02"][1].data_type == "s"
    assert cells["A-01"][7].value == 150_000 and cells["A-01"][4].value == "yes"


# --- province overview -----------------------------------------------------------------------


@pytest.fixture
def official(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["official"])
    province = world.market_a.commune.province
    province.cho40_target = 60
    province.save()
    return client


def test_province_overview(official, world):
    other = builders.market("Chợ La Hiên", "cho-la-hien")
    builders.market("Chợ Mới", "cho-moi")  # no figures yet
    day_row(world.market_a, 1, stalls=20, stalls_with_qr=10)
    MarketDay.objects.create(
        market=world.market_a,
        day=today(),
        stalls=20,
        stalls_with_qr=19,
        stalls_paid_30d=12,
        cashless_value=3_000_000,
        is_cho40=True,
    )
    day_row(other, 0, stalls=10, stalls_with_qr=5)
    day_row(world.market_b, 0, is_cho40=True)  # another province
    province = world.market_a.commune.province
    for days_ago, count in ((2, 0), (1, 0), (0, 1)):
        ProvinceDay.objects.create(province=province, day=today() - dt.timedelta(days=days_ago),
                                   markets=3, cho40_markets=count)  # fmt: skip
    response = official.get(TN)
    assert response.status_code == 200
    page = text(response)
    assert "60 Chợ 4.0 markets" in page and "2% of the province's target" in page
    assert "Chợ Hùng Sơn" in page and "Chợ La Hiên" in page and "Chợ Mới" in page
    assert "Chợ Na Hang" not in page
    assert "3.000.000 ₫" in page and "95%" in page
    assert response.context["cho40"] == 1 and len(response.context["chart"].lines[0].segments) == 1
    names = [row.record.name for row in official.get(TN, {"sort": "-qr_share"})
             .context["table"].paginated_rows]  # fmt: skip
    assert names == ["Chợ Hùng Sơn", "Chợ La Hiên", "Chợ Mới"]
    rows = list(csv.reader(io.StringIO(official.get(TN + "markets.csv").content
                                       .decode("utf-8-sig"))))  # fmt: skip
    assert [row[0] for row in rows[1:]] == ["Chợ Hùng Sơn", "Chợ La Hiên", "Chợ Mới"]
    assert rows[1][3] == "yes" and rows[1][6] == "95.0" and rows[3][2] == ""
    sheet = load_workbook(io.BytesIO(official.get(TN + "markets.xlsx").content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][4] == 20 and values[1][10] == 3_000_000 and values[3][4] is None


def test_province_overview_without_target_or_figures(official, world):
    province = world.market_a.commune.province
    province.cho40_target = None
    province.save()
    response = official.get(TN)
    assert response.status_code == 200
    assert "No target is set for this province." in text(response)
    assert official.get("/markets/province/tuyen-quang/").status_code == 403
    assert official.get("/markets/province/khong-co/").status_code == 404


def test_weekly_bars_end_with_a_whole_week():
    start = dt.date(2026, 1, 1)
    end = start + dt.timedelta(days=9)  # 10 days: a 3-day run, then a whole week
    values = {start + dt.timedelta(days=i): 1_000 for i in range(10)}
    chart = svgchart.bar_chart(start=start, end=end, values=values, bucket_days=7)
    assert chart.bars.count("M") == 2
    assert svgchart.nice_ceiling(7_000) == 10_000 and chart.y_ticks[-1].label == "10000"


def test_one_date_given_fills_in_the_other(board, world):
    response = board.get(A, {"start": (today() - dt.timedelta(days=6)).isoformat()})
    assert response.status_code == 200 and "(7 days)" in text(response)
    assert f'value="{today().isoformat()}"' in text(response)


def test_recompute_now_builds_the_figures_from_the_sales(
    board, client, world, django_capture_on_commit_callbacks
):
    """The board's "Recompute" button does what the nightly run does, for this market."""
    stall = world.market_a.stalls.get(code="A-01")
    sale(stall, 150_000, counted=False)
    assert not MarketDay.objects.filter(market=world.market_a).exists()
    assert "/board/recompute/" in text(board.get(A))
    with django_capture_on_commit_callbacks(execute=True):
        response = board.post(A + "recompute/")
    assert response.status_code == 302 and response["Location"] == A
    row = MarketDay.objects.get(market=world.market_a, day=today())
    assert (row.cashless_count, row.cashless_value) == (1, 150_000)
    page = text(board.get(A))
    assert "being recomputed" in page and "150.000 ₫" in page
    client.force_login(world.users["official"])
    assert "/board/recompute/" not in text(client.get(A))
    assert client.post(A + "recompute/").status_code == 403


def test_payment_counts_are_grouped_like_the_money(board, world):
    day_row(world.market_a, 0, cashless_count=3_880)
    page = text(board.get(A))
    assert "3.880 payments" in page and "3880" not in page
