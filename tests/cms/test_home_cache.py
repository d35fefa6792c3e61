"""The home page's live blocks come from the fragment cache (cms/cache.py) until what they show
changes: a rollup recomputed, a sale settled, a certificate or a question edited; and the
cached page costs a fixed number of queries whatever the amount of data."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from cms import block_data
from cms.snippets import BankApp, FAQEntry
from market import rollups
from tests import factories
from tests.cms.helpers import figures_for, get_home, home_with, market, wagtail_image
from tests.market import builders

pytestmark = pytest.mark.django_db

# Queries of the home page below with every block, all live blocks from the cache: Wagtail
# finding the site and the page (4), the images of the hero, image and gallery blocks (one per
# block type; renditions come from the cache) and the data versions (1). The records chosen in
# live blocks (producer, market, questions) are not even loaded (cms_blocks.stream_block).
MAX_CACHED_QUERIES = 9  # site, locale, page, ancestors, view restrictions, 3 images, versions


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-testid="figure-{name}">([^<]*)<', html)
    assert match, f"no figure {name}"
    return match.group(1)


def figures_home(market_obj):
    return home_with(
        [("adoption_figures", {"heading": "Chợ 4.0", "market": market_obj.pk, "province": None})]
    )


def test_a_recomputed_rollup_shows_on_the_home_page():
    hung_son = market("Chợ Hùng Sơn", "cho-hung-son", "21.63", "105.64")
    figures_for(hung_son, stalls_with_qr=2)
    figures_home(hung_son)
    assert figure(get_home(), "stalls") == "2"
    builders.stall(hung_son, "MOI-01")  # registered, not yet in the day's figures
    assert figure(get_home(), "stalls") == "2"
    rollups.compute_day(rollups.local_today())  # the rollup service recomputes the day
    assert figure(get_home(), "stalls") == "3"
    assert figure(get_home(), "qr") == "100%"


def test_a_settled_sale_updating_the_rollup_in_bulk_shows_on_the_home_page():
    """``rollups.sale_recorded`` writes the market's row with ``QuerySet.update`` (no
    signal): the version read from the rows still changes."""
    from tests.market.test_rollups import settled_transfer

    hung_son = market("Chợ Hùng Sơn", "cho-hung-son", "21.63", "105.64")
    figures_for(hung_son, stalls_with_qr=2)
    figures_home(hung_son)
    assert figure(get_home(), "paid") == "0%"
    settled_transfer(hung_son.stalls.order_by("pk").first(), 50000, timezone.now())
    assert figure(get_home(), "paid") == "50%"
    assert figure(get_home(), "cashless") == "100%"


def test_blocks_are_rendered_once_then_served_from_the_cache():
    hung_son = market("Chợ Hùng Sơn", "cho-hung-son", "21.63", "105.64")
    figures_for(hung_son, stalls_with_qr=1)
    figures_home(hung_son)
    with mock.patch.object(
        block_data, "adoption_figures", wraps=block_data.adoption_figures
    ) as read:
        get_home()
        get_home()
        get_home()
    assert read.call_count == 1


def test_cache_off_renders_every_time(settings):
    settings.CMS_FRAGMENT_CACHE_SECONDS = 0
    hung_son = market("Chợ Hùng Sơn", "cho-hung-son", "21.63", "105.64")
    figures_home(hung_son)
    with mock.patch.object(
        block_data, "adoption_figures", wraps=block_data.adoption_figures
    ) as read:
        get_home()
        get_home()
    assert read.call_count == 2


def test_an_edited_certificate_leaving_no_timestamp_shows_at_once():
    """Editing a certificate's stars changes no count, id or date: the signal's version does."""
    product = factories.product(title="Chè móc câu")
    cert = factories.certification(product=product, stars=4)
    home_with(
        [
            (
                "featured_products",
                {"heading": "OCOP", "products": [], "min_ocop_stars": 4, "count": 4},
            )
        ]
    )
    assert "Chè móc câu" in get_home()
    cert.ocop_stars = 3
    cert.save()
    assert "Chè móc câu" not in get_home()


def test_an_edited_question_shows_at_once():
    entry = FAQEntry.objects.create(
        question="Quét mã thế nào?", answer="<p>Mở app.</p>", topic="paying",
        locale=Locale.get_default(),
    )  # fmt: skip
    home_with([("faq", {"heading": "Hỏi đáp", "entries": [], "topic": "paying"})])
    assert "Quét mã thế nào?" in get_home()
    entry.question = "Trả tiền bằng mã QR thế nào?"
    entry.save()
    html = get_home()
    assert "Trả tiền bằng mã QR thế nào?" in html and "Quét mã thế nào?" not in html


def test_each_language_has_its_own_fragment():
    hung_son = market("Chợ Hùng Sơn", "cho-hung-son", "21.63", "105.64")
    row = figures_for(hung_son, stalls_with_qr=1)
    figures_home(hung_son)
    vietnamese = get_home()
    english_client = Client()
    english_client.cookies["django_language"] = "en"
    english = get_home(english_client)
    assert row.day.strftime("%d-%m-%Y") in vietnamese
    assert row.day.strftime("%d-%m-%Y") not in english  # not the Vietnamese fragment


# --- Queries --------------------------------------------------------------------------------


def every_block_home(markets):
    image = wagtail_image()
    producer = factories.producer()
    entry = FAQEntry.objects.create(
        question="Quét mã?", answer="<p>Có.</p>", topic="paying", locale=Locale.get_default()
    )
    BankApp.objects.create(name="VCB Digibank", locale=Locale.get_default(), logo=image)
    link = [{"label": "Mua", "page": None, "url": "/shop/"}]
    return home_with(
        [
            ("hero", {"image": image.pk, "heading": "Chợ Số", "text": "", "actions": link}),
            ("image", {"image": image.pk, "caption": "", "alt": ""}),
            ("gallery", {"heading": "", "images": [{"image": image.pk, "caption": "", "alt": ""}]}),
            (
                "featured_products",
                {"heading": "OCOP", "products": [], "min_ocop_stars": 3, "count": 12},
            ),
            ("producer_spotlight", {"producer": producer.pk, "text": "", "story": None}),
            ("adoption_figures", {"heading": "Chợ", "market": markets[0].pk, "province": None}),
            ("adoption_figures", {"heading": "Tỉnh", "market": None, "province": None}),
            ("market_map", {"heading": "Bản đồ", "markets": []}),
            ("faq", {"heading": "Hỏi đáp", "entries": [entry.pk], "topic": None}),
            ("faq", {"heading": "Trả tiền", "entries": [], "topic": "paying"}),
            ("bank_apps", {"heading": "Ngân hàng"}),
            ("call_to_action", {"heading": "Đăng ký", "text": "", "actions": link}),
            ("trace_lookup", None),
        ]
    )


def add_products(count: int) -> None:
    for n in range(count):
        product = factories.product(title=f"Chè số {n}", price=100000 + n * 1000)
        factories.certification(product=product, stars=3 + n % 3)


def add_markets(count: int, start: int = 0) -> list:
    found = []
    for n in range(start, start + count):
        found.append(
            market(f"Chợ số {n}", f"cho-so-{n}", f"{21.5 + n / 50:.4f}", f"{105.6 + n / 40:.4f}")
        )
        figures_for(found[-1], stalls_with_qr=1 + n)
    return found


def cached_queries(client: Client) -> int:
    get_home(client)  # renders what changed, fills the cache
    with CaptureQueriesContext(connection) as queries:
        html = get_home(client)
    assert 'data-testid="featured-products"' in html
    return len(queries)


def test_the_cached_home_page_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    client = Client()
    markets = add_markets(1)
    add_products(3)
    every_block_home(markets)
    small = cached_queries(client)
    add_products(27)
    add_markets(4, start=1)
    large = cached_queries(client)
    assert small == large  # 3 products and 1 market, or 30 products and 5 markets
    with django_assert_max_num_queries(MAX_CACHED_QUERIES):
        html = get_home(client)
    assert html.count('class="product-card"') == 12 + 3  # featured (count 12), spotlight
    assert html.count('data-testid="map-marker"') == 5


def test_the_uncached_home_page_queries_do_not_grow_with_data(settings):
    settings.CMS_FRAGMENT_CACHE_SECONDS = 0
    client = Client()
    markets = add_markets(1)
    add_products(3)
    every_block_home(markets)
    get_home(client)  # renditions and thumbnails made once
    with CaptureQueriesContext(connection) as small:
        get_home(client)
    add_products(27)
    add_markets(4, start=1)
    get_home(client)
    with CaptureQueriesContext(connection) as large:
        get_home(client)
    assert len(small) == len(large)


def test_a_cache_server_down_neither_fails_the_page_nor_a_save():
    hung_son = market("Chợ Hùng Sơn", "cho-hung-son", "21.63", "105.64")
    figures_for(hung_son, stalls_with_qr=2)
    figures_home(hung_son)
    # The fragment cache's server is down (Wagtail's own site-root cache is left working:
    # Wagtail needs it to build any page address).
    down = ConnectionError("cache server down")
    methods = ("get", "get_many", "set", "set_many", "incr", "add", "delete")
    failing = mock.Mock(**{f"{name}.side_effect": down for name in methods})
    with mock.patch("cms.cache.cache", failing):
        assert figure(get_home(), "stalls") == "2"  # rendered without the cache
        entry = FAQEntry.objects.create(
            question="Quét mã?", answer="<p>Có.</p>", topic="paying", locale=Locale.get_default()
        )  # the receiver's bump fails quietly
    assert FAQEntry.objects.filter(pk=entry.pk).exists()


def test_the_rollups_run_no_cms_receiver():
    """Rollup rows are written in each sale's transaction: their version is read from the
    rows, no receiver of ours runs there."""
    from django.db.models.signals import post_save

    from market.models import MarketDay, ProvinceDay

    for model in (MarketDay, ProvinceDay):
        sync_receivers, async_receivers = post_save._live_receivers(model)
        ours = [r for r in [*sync_receivers, *async_receivers] if r.__module__ == "cms.signals"]
        assert ours == []
