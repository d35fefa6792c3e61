"""Public market pages: directory and market page (grouped stalls, live figures, badge), light."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from market import services
from tests.market import builders

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


@pytest.fixture
def world():
    data = builders.world()
    builders.stall(data.market_a, "A-03", goods_category="tea", name="Quầy chè Thái")
    services.stall_close(stall=data.stalls["a2"], actor=None, closed_on=_date())
    builders.stall(data.market_a, "A-04", bank=False, goods_category="tea", name="Chè chưa QR")
    return data


def _date():
    import datetime as dt

    return dt.date(2026, 1, 1)


def test_directory_lists_markets_with_badge_place_and_qr_share(client, world):
    page = text(client.get("/markets/"))
    assert "Chợ Hùng Sơn" in page and "Chợ Na Hang" in page
    assert "Chợ 4.0 từ 04/2022" in page and "Chưa là Chợ 4.0" in page
    assert "Xã Đại Từ, Tỉnh Thái Nguyên" in page and "trước đây Huyện Đại Từ" in page
    assert "3 quầy hàng · 67% có mã QR đã đăng ký" in page  # with QR; A-04 without


def test_market_page_groups_open_stalls_by_category_with_live_figures(client, world):
    page = text(client.get("/markets/cho-hung-son/"))
    assert page.index('<h3 class="cat">Chè') < page.index('<h3 class="cat">Rau củ')
    assert "Quầy chè Thái" in page and "Chè chưa QR" in page
    assert "A-02" not in page  # closed
    figures = re.findall(r"<strong>([^<]+)</strong><span>([^<]+)</span>", page)
    assert figures[:3] == [
        ("3", "quầy đang mở"),
        ("2", "có mã QR đã đăng ký"),
        ("67%", "Tỷ lệ có QR"),
    ]
    assert "Quản lý quầy" not in page  # anonymous: no link to the register
    client.force_login(world.users["official"])
    assert "Quản lý quầy" in text(client.get("/markets/cho-hung-son/"))


def test_pages_are_light_and_need_no_cdn_or_script(client, world, settings):
    for url in ("/markets/", "/markets/cho-hung-son/", "/qr/check/"):
        html = client.get(url).content
        css = sum(
            (settings.BASE_DIR / "static" / "css" / name).stat().st_size
            for name in ("site.css", "market.css")
        )
        assert len(html) + css <= 60 * 1024, url
        assert b"<script" not in html and b"https://cdn" not in html, url


def test_directory_reads_in_a_fixed_number_of_queries(client, world):
    with CaptureQueriesContext(connection) as few:
        client.get("/markets/")
    for number in range(5):
        builders.market(f"Chợ {number}", f"cho-{number}")
    with CaptureQueriesContext(connection) as more:
        client.get("/markets/")
    assert len(more) == len(few)


@pytest.mark.parametrize("params", [{"page": "x"}, {"page": "999"}, {"page": "-1"}])
def test_directory_survives_bad_pages(client, world, params):
    assert client.get("/markets/", params).status_code == 200


def test_my_markets_landing_for_each_role(client, world):
    client.force_login(world.users["stallholder"])
    assert "A-01" in text(client.get("/markets/mine/"))
    client.force_login(world.users["official"])
    page = text(client.get("/markets/mine/"))
    assert "Các chợ trong tỉnh của tôi (chỉ đọc)" in page and "Chợ Na Hang" not in page
    client.force_login(world.users["shopper"])
    assert "chưa gắn với chợ hay quầy nào" in text(client.get("/markets/mine/"))


def test_badge_and_figures_follow_the_newest_adoption_row(client, world):
    """Once figures exist, the badge says whether the market meets the Chợ 4.0 criteria now
    (not only that it launched), and the page shows the stalls paid cashless in 30 days."""
    import datetime as dt

    from market.models import MarketDay

    common = {"stalls": 4, "stalls_with_qr": 4, "stalls_paid_7d": 1}
    MarketDay.objects.create(
        market=world.market_a, day=dt.date(2026, 1, 1), stalls_paid_30d=4, is_cho40=True, **common
    )
    MarketDay.objects.create(  # newest: half the stalls paid in 30 days, criteria not met
        market=world.market_a, day=dt.date(2026, 1, 2), stalls_paid_30d=1, is_cho40=False, **common
    )
    MarketDay.objects.create(
        market=world.market_b, day=dt.date(2026, 1, 2), stalls_paid_30d=3, is_cho40=True, **common
    )
    page = text(client.get("/markets/"))
    assert "Chợ 4.0 từ 04/2022" not in page  # Hùng Sơn launched in 2022 but misses the criteria
    assert page.count("Chưa là Chợ 4.0") == 1 and "Đạt chuẩn Chợ 4.0" in page  # Na Hang: met
    detail = text(client.get("/markets/cho-hung-son/"))
    assert ("25%", "có thanh toán không tiền mặt trong 30 ngày") in re.findall(
        r"<strong>([^<]+)</strong><span>([^<]+)</span>", detail
    )
