"""Every home/body block rendered on the home page, with data and without (its empty state),
and the market map's projection and tile maths (cms/map_geometry.py)."""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Locale

from cms.map_geometry import MapGeometryError, fit_view, mercator
from cms.models import (
    MarketIndexPage,
    MarketPage,
    ProducerIndexPage,
    ProducerStoryPage,
    StandardPage,
)
from cms.snippets import BankApp, FAQEntry
from tests import factories
from tests.cms.helpers import (
    figures_for,
    get_home,
    get_home_path,
    home_with,
    market,
    wagtail_image,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def section(html: str, testid: str) -> str:
    """The HTML of the block marked ``data-testid=testid`` (up to its closing </section>)."""
    match = re.search(rf'<(section|figure)[^>]*data-testid="{testid}".*?</\1>', html, re.S)
    assert match, f"no {testid} block in the page: {html[html.find('<main') :]}"
    return match.group(0)


# --- Static blocks ------------------------------------------------------------------------


def test_hero_with_image_is_a_responsive_webp_picture_with_jpeg_fallback():
    image = wagtail_image()
    home_with(
        [
            (
                "hero",
                {
                    "image": image.pk,
                    "heading": "Chè Tân Cương",
                    "text": "Từ đồi chè",
                    "actions": [{"label": "Mua", "page": None, "url": "/shop/"}],
                },
            )
        ]
    )
    hero = section(get_home(), "hero")
    assert "<picture" in hero
    assert 'type="image/webp"' in hero
    assert re.search(r"<img[^>]+\.jpg", hero) or re.search(r"<img[^>]+\.jpeg", hero)
    assert re.search(r"srcset=\"[^\"]*400w[^\"]*800w[^\"]*1200w", hero)
    assert "Chè Tân Cương" in hero and 'href="/shop/"' in hero


def test_hero_without_image_has_no_picture():
    home_with([("hero", {"image": None, "heading": "Chợ Số", "text": "", "actions": []})])
    hero = section(get_home(), "hero")
    assert "<picture" not in hero and "Chợ Số" in hero and "cms-actions" not in hero


def test_image_and_gallery_are_lazy_with_alt_text():
    one, two = wagtail_image("Chợ Hùng Sơn"), wagtail_image("Gà đồi")
    home_with(
        [
            ("image", {"image": one.pk, "caption": "Sáng thứ bảy", "alt": "Quầy rau"}),
            (
                "gallery",
                {
                    "heading": "Ảnh chợ",
                    "images": [
                        {"image": one.pk, "caption": "", "alt": ""},
                        {"image": two.pk, "caption": "Gà thả đồi", "alt": ""},
                    ],
                },
            ),
        ]
    )
    html = get_home()
    figure = section(html, "image")
    assert 'alt="Quầy rau"' in figure and "Sáng thứ bảy" in figure and 'loading="lazy"' in figure
    gallery = section(html, "gallery")
    assert gallery.count("<picture") == 2
    assert gallery.count('loading="lazy"') == 2
    assert 'alt="Chợ Hùng Sơn"' in gallery and 'alt="Gà đồi"' in gallery  # title when no alt


def test_call_to_action():
    home_with(
        [
            (
                "call_to_action",
                {
                    "heading": "Đăng ký quầy",
                    "text": "Miễn phí",
                    "actions": [{"label": "Đăng ký", "page": None, "url": "/markets/"}],
                },
            )
        ]
    )
    cta = section(get_home(), "call-to-action")
    assert "Đăng ký quầy" in cta and 'href="/markets/"' in cta and "button--primary" in cta


def test_steps_numbered_with_optional_images_on_an_information_page():
    image = wagtail_image("Bước 1")
    steps = {
        "heading": "Cách trả tiền",
        "steps": [
            {"title": "Mở ứng dụng ngân hàng", "text": "", "image": image.pk},
            {"title": "Quét mã QR", "text": "Trên bảng của quầy", "image": None},
        ],
    }
    home = home_with([])
    home.add_child(
        instance=StandardPage(
            title="Trả tiền", slug="tra-tien", body=json.dumps([{"type": "steps", "value": steps}])
        )
    )
    block = section(get_home_path("/tra-tien/"), "steps")
    assert re.search(r"<ol[^>]*>\s*<li><h3>Mở ứng dụng ngân hàng</h3>", block)
    assert block.count("<li>") == 2 and block.count("<picture") == 1
    assert "Trên bảng của quầy" in block


def test_trace_lookup_form():
    home_with([("trace_lookup", None)])
    assert 'data-testid="trace-lookup"' in get_home()


# --- Featured products --------------------------------------------------------------------


def _featured(products=(), stars=4, count=4):
    return (
        "featured_products",
        {
            "heading": "Sản phẩm OCOP",
            "products": [p.pk for p in products],
            "min_ocop_stars": stars,
            "count": count,
        },
    )


def test_featured_products_chosen_in_the_editors_order_only_those_on_sale():
    first = factories.product(title="Mật ong rừng", price=250000)
    second = factories.product(title="Chè nõn tôm", price=180000)
    draft = factories.product(title="Chè bản nháp")
    draft.is_public = False
    draft.save()
    home_with([_featured([second, draft, first])])
    block = section(get_home(), "featured-products")
    assert block.index("Chè nõn tôm") < block.index("Mật ong rừng")
    assert "Chè bản nháp" not in block
    assert "180.000" in block and "250.000" in block  # VND prices from the stock records


def test_featured_products_automatic_newest_with_valid_ocop_of_enough_stars():
    four = factories.product(title="Chè 4 sao")
    factories.certification(product=four, stars=4)
    five = factories.product(title="Chè 5 sao")
    factories.certification(product=five, stars=5)
    three = factories.product(title="Chè 3 sao")
    factories.certification(product=three, stars=3)
    expired = factories.product(title="Chè hết hạn")
    old = timezone.localdate() - dt.timedelta(days=5 * 365)
    factories.certification(
        product=expired, stars=5, issued_on=old, valid_until=old + dt.timedelta(days=1095)
    )
    factories.product(title="Chè không chứng nhận")
    home_with([_featured(stars=4)])
    block = section(get_home(), "featured-products")
    assert block.index("Chè 5 sao") < block.index("Chè 4 sao")  # newest first
    for absent in ("Chè 3 sao", "Chè hết hạn", "Chè không chứng nhận"):
        assert absent not in block


def test_featured_products_with_none_to_show_renders_nothing():
    factories.product(title="Chè không chứng nhận")
    home_with([_featured(stars=3)])
    html = get_home()
    assert 'data-testid="featured-products"' not in html
    assert "Sản phẩm OCOP" not in html  # no heading over an empty shelf


# --- Producer spotlight -------------------------------------------------------------------


def test_producer_spotlight_links_to_the_story_page_and_shows_three_products():
    producer = factories.producer("HTX Chè La Bằng", "htx-che-la-bang")
    producer.story = "Hợp tác xã trồng chè dưới chân núi Tam Đảo từ năm 2005."
    producer.save()
    for n in range(4):
        factories.product(title=f"Chè La Bằng số {n}", owner=producer)
    home = home_with([])
    index = home.add_child(instance=ProducerIndexPage(title="Người làm ra", slug="nguoi-lam-ra"))
    story = index.add_child(
        instance=ProducerStoryPage(title="Chuyện La Bằng", slug="la-bang", producer=producer)
    )
    home_with([("producer_spotlight", {"producer": producer.pk, "text": "", "story": story.pk})])
    block = section(get_home(), "producer-spotlight")
    assert "HTX Chè La Bằng" in block and "Xã Đại Từ" in block
    assert "chân núi Tam Đảo" in block  # the producer's story when the block has no text
    assert 'href="/nguoi-lam-ra/la-bang/"' in block
    assert block.count('class="product-card"') == 3


def test_producer_spotlight_without_story_links_to_the_producer_page_and_has_no_products():
    producer = factories.producer("Hộ Nguyễn Văn Minh", "ho-nguyen-van-minh")
    home_with(
        [
            (
                "producer_spotlight",
                {"producer": producer.pk, "text": "Gà đồi thả vườn", "story": None},
            )
        ]
    )
    block = section(get_home(), "producer-spotlight")
    assert 'href="/shop/producers/ho-nguyen-van-minh/"' in block
    assert "Gà đồi thả vườn" in block and "product-card" not in block


# --- Adoption figures ---------------------------------------------------------------------


def _figures_block(market_obj=None, province=None):
    return (
        "adoption_figures",
        {
            "heading": "Chợ 4.0 hôm nay",
            "market": market_obj.pk if market_obj else None,
            "province": province.pk if province else None,
        },
    )


def test_adoption_figures_of_a_market_with_badge_and_day():
    hung_son = market("Chợ Hùng Sơn", "cho-hung-son", "21.6300", "105.6400")
    row = figures_for(hung_son, stalls_with_qr=3, stalls_without=1)
    home_with([_figures_block(hung_son)])
    block = section(get_home(), "adoption-figures")
    assert re.search(r'data-testid="figure-stalls">4<', block)
    assert re.search(r'data-testid="figure-qr">75%<', block)
    assert re.search(r'data-testid="figure-paid">0%<', block)
    assert re.search(r'data-testid="figure-cashless">—<', block)  # no sales yet
    assert ("cho40-badge" in block) is row.is_cho40
    day = date_format(row.day, "SHORT_DATE_FORMAT")  # the page's language: Vietnamese
    assert 'data-testid="figures-day">' in block and day in block


def test_adoption_figures_of_the_province_count_cho40_markets():
    hung_son = market("Chợ Hùng Sơn", "cho-hung-son", "21.6300", "105.6400")
    figures_for(hung_son, stalls_with_qr=2)
    province = hung_son.commune.province
    home_with([_figures_block(province=province)])
    block = section(get_home(), "adoption-figures")
    assert province.name in block
    assert re.search(r'data-testid="figure-stalls">2<', block)
    assert re.search(r'data-testid="figure-cho40">\d+ / 1<', block)


def test_adoption_figures_without_rows_show_the_empty_state():
    hung_son = market("Chợ Hùng Sơn", "cho-hung-son", None, None)
    home_with([_figures_block(hung_son)])
    block = section(get_home(), "adoption-figures")
    assert 'data-testid="figures-empty"' in block and "figure-stalls" not in block


# --- Market map ---------------------------------------------------------------------------


def _map_block(markets=()):
    return ("market_map", {"heading": "Các chợ 4.0", "markets": [m.pk for m in markets]})


def _svg_points(block: str) -> dict[str, tuple[float, float]]:
    return {
        name: (float(x), float(y))
        for x, y, name in re.findall(
            r'<circle cx="([\d.\-]+)" cy="([\d.\-]+)" r="8"/><text[^>]*>([^<]+)</text>', block
        )
    }


def test_market_map_plots_markets_with_links_and_lists_those_without_coordinates():
    hung_son = market("Chợ Hùng Sơn", "cho-hung-son", "21.6300", "105.6400")
    la_hien = market("Chợ La Hiên", "cho-la-hien", "21.7200", "105.9500")
    market("Chợ Chưa Định Vị", "cho-chua-dinh-vi", None, None)
    home = home_with([])
    index = home.add_child(instance=MarketIndexPage(title="Các chợ", slug="cac-cho"))
    index.add_child(instance=MarketPage(title="Chợ La Hiên", slug="la-hien", market=la_hien))
    home_with([_map_block()])
    block = section(get_home(), "market-map")
    points = _svg_points(block)
    assert set(points) == {"Chợ Hùng Sơn", "Chợ La Hiên"}
    # La Hiên is east and north of Hùng Sơn: right of it and higher up in the SVG.
    assert points["Chợ La Hiên"][0] > points["Chợ Hùng Sơn"][0]
    assert points["Chợ La Hiên"][1] < points["Chợ Hùng Sơn"][1]
    for x, y in points.values():
        assert 0 <= x <= 640 and 0 <= y <= 400
    assert 'href="/cac-cho/la-hien/"' in block  # the CMS page when there is one
    assert f'href="{hung_son.get_absolute_url()}"' in block  # else the public market page
    listing = block[block.index('data-testid="map-list"') :]
    assert listing.count("<li>") == 3 and "Chợ Chưa Định Vị" in listing
    assert "map-tile" not in block  # no tile server configured


def test_market_map_numbers_are_not_localised(client):
    market("Chợ Hùng Sơn", "cho-hung-son", "21.6300", "105.6400")
    market("Chợ La Hiên", "cho-la-hien", "21.7200", "105.9500")
    home_with([_map_block()])
    block = section(get_home(), "market-map")  # Vietnamese: 12,5 would break the SVG
    assert not re.search(r'(cx|cy|x|y)="\d+,\d', block)


def test_market_map_with_tiles_places_img_tiles_under_the_svg_and_keeps_markers(settings):
    settings.CMS_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.CMS_MAP_ATTRIBUTION = "© OpenStreetMap"
    market("Chợ Hùng Sơn", "cho-hung-son", "21.6300", "105.6400")
    market("Chợ La Hiên", "cho-la-hien", "21.7200", "105.9500")
    market("Chợ Chưa Định Vị", "cho-chua-dinh-vi", None, None)
    home_with([_map_block()])
    block = section(get_home(), "market-map")
    tiles = re.findall(
        r'<img class="cms-map__tile" src="https://tiles\.example\.org/(\d+)/(\d+)/(\d+)\.png"'
        r' alt=""',
        block,
    )
    assert 1 <= len(tiles) <= 12
    assert len({z for z, _, _ in tiles}) == 1  # one zoom level
    # Graceful when a tile fails: decorative (alt=""), drawn before the SVG markers and list.
    assert block.index("cms-map__tile") < block.index("<svg")
    assert len(_svg_points(block)) == 2 and "Chợ Chưa Định Vị" in block
    assert "© OpenStreetMap" in block


def test_market_map_without_markets_shows_the_empty_state():
    home_with([_map_block()])
    block = section(get_home(), "market-map")
    assert 'data-testid="map-empty"' in block and "<svg" not in block


# --- FAQ and banking apps -----------------------------------------------------------------


def _faq(question, topic="paying", order=0):
    return FAQEntry.objects.create(
        question=question,
        answer="<p>Mở ứng dụng ngân hàng.</p>",
        topic=topic,
        sort_order=order,
        locale=Locale.get_default(),
    )


def test_faq_chosen_entries_in_order_as_details():
    first, second = _faq("Quét mã thế nào?"), _faq("Có mất phí không?")
    home_with([("faq", {"heading": "Hỏi đáp", "entries": [second.pk, first.pk], "topic": None})])
    block = section(get_home(), "faq")
    assert block.count("<details>") == 2
    assert block.index("Có mất phí không?") < block.index("Quét mã thế nào?")
    assert "<summary>Có mất phí không?</summary>" in block and "Mở ứng dụng ngân hàng" in block


def test_faq_by_topic_and_empty_topic_renders_nothing():
    _faq("Quét mã thế nào?", "paying", 2)
    _faq("Trả tiền thừa?", "paying", 1)
    _faq("Đăng ký quầy?", "selling")
    home_with(
        [
            ("faq", {"heading": "Trả tiền", "entries": [], "topic": "paying"}),
            ("faq", {"heading": "Mua trực tuyến", "entries": [], "topic": "shop"}),
        ]
    )
    html = get_home()
    block = section(html, "faq")
    assert block.index("Trả tiền thừa?") < block.index("Quét mã thế nào?")
    assert "Đăng ký quầy?" not in block
    assert "Mua trực tuyến" not in html


def test_bank_apps_listed_in_order_or_a_general_note():
    home_with([("bank_apps", {"heading": "Ứng dụng ngân hàng"})])
    assert 'data-testid="bank-apps-empty"' in section(get_home(), "bank-apps")
    BankApp.objects.create(name="VCB Digibank", sort_order=2, locale=Locale.get_default())
    BankApp.objects.create(
        name="Agribank E-Mobile", note="Agribank", sort_order=1, locale=Locale.get_default()
    )
    block = section(get_home(), "bank-apps")
    assert block.index("Agribank E-Mobile") < block.index("VCB Digibank")
    assert "bank-apps-empty" not in block


# --- Map geometry (pure) ------------------------------------------------------------------


def test_mercator_known_points():
    assert mercator(0, 0) == pytest.approx((0.5, 0.5))
    assert mercator(0, -180) == pytest.approx((0.0, 0.5))
    assert mercator(85.05112878, 180) == pytest.approx((1.0, 0.0), abs=1e-6)
    # The slippy-map tile formula (OpenStreetMap wiki), written with asinh.
    for lat, lon in [(21.0285, 105.8542), (21.63, 105.64), (-33.86, 151.21), (51.5, -0.12)]:
        x, y = mercator(lat, lon)
        n = 2**13
        tile_x = math.floor((lon + 180) / 360 * n)
        tile_y = math.floor((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
        assert (math.floor(x * n), math.floor(y * n)) == (tile_x, tile_y)


def test_mercator_rejects_points_outside_the_world_and_clamps_the_poles():
    with pytest.raises(MapGeometryError):
        mercator(91, 0)
    with pytest.raises(MapGeometryError):
        mercator(0, 181)
    assert mercator(89.9, 0) == mercator(85.06, 0)


def test_fit_view_keeps_every_point_inside_the_padding_and_centres_them():
    points = [(21.63, 105.64), (21.72, 105.95), (21.55, 105.80)]
    view = fit_view(points, width=640, height=400, padding=20)
    placed = [view.place(*p) for p in points]
    xs, ys = [p[0] for p in placed], [p[1] for p in placed]
    assert min(xs) >= 20 - 1e-6 and max(xs) <= 620 + 1e-6
    assert min(ys) >= 20 - 1e-6 and max(ys) <= 380 + 1e-6
    assert (min(xs) + max(xs)) / 2 == pytest.approx(320)
    assert (min(ys) + max(ys)) / 2 == pytest.approx(200)
    # The largest zoom: one side of the box is filled up to its padding.
    assert max(xs) - min(xs) == pytest.approx(600) or max(ys) - min(ys) == pytest.approx(360)


def test_fit_view_single_point_is_centred_at_the_highest_zoom():
    view = fit_view([(21.63, 105.64)], width=640, height=400, max_zoom=15)
    assert view.zoom == 15
    assert view.place(21.63, 105.64) == pytest.approx((320, 200))


def test_fit_view_bad_input():
    with pytest.raises(MapGeometryError):
        fit_view([], width=640, height=400)
    with pytest.raises(MapGeometryError):
        fit_view([(21, 105)], width=40, height=400, padding=20)


def test_tiles_cover_the_box_at_a_whole_zoom_and_line_up_with_the_markers():
    points = [(21.63, 105.64), (21.72, 105.95)]
    view = fit_view(points, width=640, height=400, padding=20, whole_zoom=True)
    assert view.zoom == int(view.zoom)
    tiles = view.tiles()
    # Together they cover the whole box…
    assert min(t.left for t in tiles) <= 0 and min(t.top for t in tiles) <= 0
    assert max(t.left for t in tiles) + 256 >= 640 and max(t.top for t in tiles) + 256 >= 400
    assert len(tiles) <= 4 * 3
    # …and the tile under a marker is the one its coordinate falls in.
    lat, lon = points[0]
    x, y = view.place(lat, lon)
    under = [t for t in tiles if t.left <= x < t.left + 256 and t.top <= y < t.top + 256]
    wx, wy = mercator(lat, lon)
    assert [(t.x, t.y) for t in under] == [
        (math.floor(wx * 2**view.zoom), math.floor(wy * 2**view.zoom))
    ]
    assert under[0].url("https://t/{z}/{x}/{y}.png") == (
        f"https://t/{int(view.zoom)}/{under[0].x}/{under[0].y}.png"
    )


def test_tiles_need_a_whole_zoom():
    view = fit_view([(21.63, 105.64), (21.72, 105.95)], width=640, height=400)
    with pytest.raises(MapGeometryError):
        view.tiles()


def test_home_has_one_h1_with_or_without_a_hero():
    home_with([("hero", {"image": None, "heading": "Chợ Số", "text": "", "actions": []})])
    assert get_home().count("<h1") == 1
    home_with([("bank_apps", {"heading": "Ngân hàng"})])
    html = get_home()
    assert html.count("<h1") == 1 and 'class="cms-visually-hidden">Chợ Số</h1>' in html
