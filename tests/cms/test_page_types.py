"""Every promotional page type: where it may live, that it renders with and without data, its
live figures and products, the news list's pages and tags, breadcrumbs and sharing tags."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file, get_test_image_file_jpeg
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.demo import seed_pages
from cms.models import (
    CampaignPage,
    HomePage,
    MarketIndexPage,
    MarketPage,
    NewsIndexPage,
    NewsPage,
    ProducerIndexPage,
    ProducerStoryPage,
    StandardPage,
)
from cms.snippets import FAQEntry
from market.models import Market, MarketDay
from tests import factories


def image(title: str = "Chợ Hùng Sơn", jpeg: bool = False):
    file = get_test_image_file_jpeg() if jpeg else get_test_image_file()
    return get_image_model().objects.create(title=title, file=file)


def market(name: str = "Chợ Hùng Sơn", slug: str = "cho-hung-son", **fields) -> Market:
    return Market.objects.create(name=name, slug=slug, commune=factories.commune(), **fields)


def market_day(market: Market, day: dt.date, **figures) -> MarketDay:
    return MarketDay.objects.create(market=market, day=day, **figures)


def by_testid(html: str, name: str) -> list[str]:
    """The inner text of every element carrying data-testid=``name``."""
    pattern = rf'data-testid="{re.escape(name)}"[^>]*>(.*?)</'
    return [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(pattern, html, re.S)]


class PageTreeRules(WagtailPageTestCase):
    """The site map of cms/models.py, rule by rule."""

    def test_each_page_type_lives_only_where_the_site_map_says(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {CampaignPage, MarketIndexPage, ProducerIndexPage, NewsIndexPage, StandardPage},
        )
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage, CampaignPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertAllowedParentPageTypes(CampaignPage, {HomePage})
        self.assertAllowedSubpageTypes(CampaignPage, {StandardPage})
        self.assertAllowedParentPageTypes(MarketIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(MarketIndexPage, {MarketPage})
        self.assertAllowedParentPageTypes(MarketPage, {MarketIndexPage})
        self.assertAllowedSubpageTypes(MarketPage, set())
        self.assertAllowedParentPageTypes(ProducerIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProducerIndexPage, {ProducerStoryPage})
        self.assertAllowedParentPageTypes(ProducerStoryPage, {ProducerIndexPage})
        self.assertAllowedSubpageTypes(ProducerStoryPage, set())
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_can_and_cannot_create_at(self):
        for parent, child in [
            (HomePage, CampaignPage),
            (HomePage, MarketIndexPage),
            (HomePage, ProducerIndexPage),
            (HomePage, NewsIndexPage),
            (HomePage, StandardPage),
            (StandardPage, StandardPage),
            (CampaignPage, StandardPage),
            (MarketIndexPage, MarketPage),
            (ProducerIndexPage, ProducerStoryPage),
            (NewsIndexPage, NewsPage),
        ]:
            self.assertCanCreateAt(parent, child)
        for parent, child in [
            (HomePage, MarketPage),
            (HomePage, ProducerStoryPage),
            (HomePage, NewsPage),
            (CampaignPage, CampaignPage),
            (StandardPage, CampaignPage),
            (MarketIndexPage, StandardPage),
            (MarketPage, StandardPage),
            (ProducerIndexPage, MarketPage),
            (ProducerStoryPage, StandardPage),
            (NewsIndexPage, StandardPage),
            (NewsPage, NewsPage),
        ]:
            self.assertCanNotCreateAt(parent, child)


class SiteTestCase(WagtailPageTestCase):
    def setUp(self):
        self.home = seed_pages()
        self.news_index = NewsIndexPage.objects.get()

    def add(self, parent, page):
        return parent.add_child(instance=page)


class MarketPages(SiteTestCase):
    def setUp(self):
        super().setUp()
        self.index = self.add(self.home, MarketIndexPage(title="Các chợ", slug="cho"))
        self.market = market(
            opening_days="Hằng ngày, 5h–18h",
            address="Thị trấn Hùng Sơn",
            latitude="21.635000",
            longitude="105.640000",
        )
        self.page = self.add(
            self.index,
            MarketPage(title="Chợ Hùng Sơn", slug="hung-son", market=self.market, intro="Chợ 4.0"),
        )

    def test_market_without_figures_renders_an_empty_state(self):
        self.assertPageIsRenderable(self.page)
        self.assertPageIsRenderable(self.index)
        html = self.client.get(self.page.url).content.decode()
        self.assertEqual(len(by_testid(html, "no-figures")), 1)
        self.assertNotIn('data-testid="cho40-badge"', html)
        self.assertEqual(by_testid(html, "market-opening"), ["Hằng ngày, 5h–18h"])
        self.assertIn('href="/markets/cho-hung-son/"', html)
        self.assertIn("openstreetmap.org/?mlat=21.635000&amp;mlon=105.640000", html)
        self.assertIn("(21.635000, 105.640000)", html)

    def test_market_page_shows_the_newest_figures_and_follows_them(self):
        today = timezone.localdate()
        market_day(
            self.market,
            today - dt.timedelta(days=1),
            stalls=40,
            stalls_with_qr=20,
            stalls_paid_30d=10,
        )
        html = self.client.get(self.page.url).content.decode()
        self.assertEqual(by_testid(html, "figure-stalls"), ["40"])
        self.assertEqual(by_testid(html, "figure-qr"), ["50%"])
        self.assertEqual(by_testid(html, "figure-paid-30d"), ["25%"])
        self.assertIn('data-testid="cho40-badge-off"', html)

        market_day(
            self.market, today, stalls=40, stalls_with_qr=38, stalls_paid_30d=30, is_cho40=True
        )
        html = self.client.get(self.page.url).content.decode()
        self.assertEqual(by_testid(html, "figure-qr"), ["95%"])
        self.assertEqual(by_testid(html, "figure-paid-30d"), ["75%"])
        self.assertIn('data-testid="cho40-badge"', html)

    def test_index_lists_each_market_with_its_figures_in_a_fixed_number_of_queries(self):
        market_day(self.market, timezone.localdate(), stalls=10, stalls_with_qr=9, is_cho40=True)
        self.client.get(self.index.url)  # fills the per-process caches (site root paths)
        with CaptureQueriesContext(connection) as one:
            self.client.get(self.index.url)
        for n in range(3):
            other = market(name=f"Chợ {n}", slug=f"cho-{n}")
            market_day(other, timezone.localdate(), stalls=10 + n, stalls_with_qr=n)
            self.add(self.index, MarketPage(title=f"Chợ số {n}", slug=f"cho-{n}", market=other))
        with CaptureQueriesContext(connection) as four:
            response = self.client.get(self.index.url)
        html = response.content.decode()
        self.assertEqual(len(by_testid(html, "market-card")), 4)
        self.assertEqual(by_testid(html, "figure-stalls"), ["10", "10", "11", "12"])
        self.assertEqual(html.count('data-testid="cho40-badge"'), 1)
        self.assertEqual(len(four), len(one))

    def test_draft_market_page_is_not_listed_nor_served(self):
        draft = self.add(
            self.index,
            MarketPage(
                title="Chợ nháp", slug="nhap", market=market("Chợ nháp", "nhap"), live=False
            ),
        )
        html = self.client.get(self.index.url).content.decode()
        self.assertNotIn("Chợ nháp", html)
        self.assertEqual(self.client.get(draft.url or "/cho/nhap/").status_code, 404)


class ProducerPages(SiteTestCase):
    def setUp(self):
        super().setUp()
        self.index = self.add(
            self.home, ProducerIndexPage(title="Người sản xuất", slug="nguoi-san-xuat")
        )
        self.producer = factories.producer("HTX Chè La Bằng", "htx-che-la-bang")
        self.story = self.add(
            self.index,
            ProducerStoryPage(
                title="Ba thế hệ làm chè",
                slug="ba-the-he",
                producer=self.producer,
                intro="Chè La Bằng dưới chân núi Tam Đảo.",
                cover_image=image("Đồi chè", jpeg=True),
            ),
        )

    def test_story_without_products_renders_an_empty_state(self):
        self.assertPageIsRenderable(self.story)
        self.assertPageIsRenderable(self.index)
        html = self.client.get(self.story.url).content.decode()
        self.assertIn('data-testid="no-products"', html)
        self.assertIn('href="/shop/producers/htx-che-la-bang/"', html)

    def test_story_shows_products_for_sale_and_valid_certificates_only(self):
        factories.product("Chè nõn tôm La Bằng", price=180000, owner=self.producer)
        hidden = factories.product("Chè nháp", price=99000, owner=self.producer)
        hidden.is_public = False
        hidden.save()
        factories.certification(producer=self.producer, stars=4, number="OCOP-TN-1")
        factories.certification(
            producer=self.producer,
            kind="vietgap",
            number="VG-OLD",
            issued_on=dt.date(2020, 1, 1),
            valid_until=dt.date(2021, 1, 1),
        )
        html = self.client.get(self.story.url).content.decode()
        self.assertIn("Chè nõn tôm La Bằng", html)
        self.assertIn("180.000", html)
        self.assertNotIn("Chè nháp", html)
        self.assertIn("OCOP-TN-1", html)
        self.assertNotIn("VG-OLD", html)

    def test_index_reads_stories_and_covers_in_a_fixed_number_of_queries(self):
        self.client.get(self.index.url)  # fills the per-process caches (site root paths)
        with CaptureQueriesContext(connection) as one:
            self.client.get(self.index.url)
        for n in range(3):
            self.add(
                self.index,
                ProducerStoryPage(
                    title=f"Chuyện {n}",
                    slug=f"chuyen-{n}",
                    producer=factories.producer(f"HTX {n}", f"htx-{n}"),
                    cover_image=image(f"Ảnh {n}", jpeg=True),
                ),
            )
            self.client.get(self.index.url)  # makes the covers' renditions once
        with CaptureQueriesContext(connection) as four:
            html = self.client.get(self.index.url).content.decode()
        self.assertEqual(len(by_testid(html, "story-card")), 4)
        self.assertEqual(len(four), len(one))

    def test_story_reads_its_products_in_a_fixed_number_of_queries(self):
        factories.product("Chè 0", owner=self.producer, image=True)
        self.client.get(self.story.url)  # per-process caches, product photo thumbnails
        with CaptureQueriesContext(connection) as one:
            self.client.get(self.story.url)
        for n in range(1, 5):
            factories.product(f"Chè {n}", owner=self.producer, image=True)
            factories.certification(producer=self.producer, kind="vietgap", stars=None)
        self.client.get(self.story.url)
        with CaptureQueriesContext(connection) as five:
            html = self.client.get(self.story.url).content.decode()
        self.assertEqual(html.count('class="product-card"'), 5)
        self.assertEqual(len(five), len(one))

    def test_index_shows_each_story_with_producer_and_cover(self):
        html = self.client.get(self.index.url).content.decode()
        self.assertEqual(len(by_testid(html, "story-card")), 1)
        self.assertIn("HTX Chè La Bằng", html)
        self.assertIn("Xã Đại Từ", html)
        self.assertIn('type="image/webp"', html)


class CampaignAndStandardPages(SiteTestCase):
    def test_a_heading_block_in_a_body_is_a_section_heading(self):
        for model, slug in ((StandardPage, "gioi-thieu"), (CampaignPage, "chuong-trinh")):
            page = self.home.add_child(
                instance=model(
                    title="Giới thiệu",
                    slug=slug,
                    body=[("heading", "Vì sao trả bằng mã QR?"), ("paragraph", "<p>Nhanh.</p>")],
                )
            )
            html = self.client.get(page.url).content.decode()
            self.assertIn("<h2>Vì sao trả bằng mã QR?</h2>", html)

    def test_campaign_renders_steps_questions_action_and_subpages(self):
        entry = FAQEntry.objects.create(
            question="Quét mã bằng ứng dụng nào?",
            answer="<p>Mọi ứng dụng ngân hàng.</p>",
            topic="paying",
        )
        campaign = CampaignPage(
            title="Chợ 4.0",
            slug="cho-40",
            intro="Chợ không dùng tiền mặt.",
            hero_image=image("Quầy hàng", jpeg=True),
            how_to_pay=[
                (
                    "steps",
                    {
                        "heading": "Cách trả tiền",
                        "steps": [
                            {"title": "Mở ứng dụng ngân hàng", "text": "", "image": None},
                            {"title": "Quét mã QR của quầy", "text": "", "image": None},
                        ],
                    },
                ),
            ],
            call_to_action=[
                (
                    "call_to_action",
                    {
                        "heading": "Đăng ký quầy",
                        "text": "",
                        "actions": [
                            {"label": "Đăng ký", "page": None, "url": "/stall/"},
                            {"label": "Nút xấu", "page": None, "url": " JavaScript:alert(1)"},
                        ],
                    },
                ),
            ],
        )
        self.add(self.home, campaign)
        campaign.faq.add(entry)
        campaign.save_revision().publish()
        self.add(campaign, StandardPage(title="Dành cho tiểu thương", slug="tieu-thuong"))
        self.add(campaign, StandardPage(title="Trang nháp", slug="nhap", live=False))

        self.assertPageIsRenderable(campaign)
        html = self.client.get(campaign.url).content.decode()
        self.assertIn("Mở ứng dụng ngân hàng", html)
        self.assertLess(html.index("Mở ứng dụng"), html.index("Quét mã QR của quầy"))
        self.assertIn("<summary>Quét mã bằng ứng dụng nào?</summary>", html)
        self.assertIn('href="/stall/"', html)
        self.assertNotIn("Nút xấu", html)
        self.assertNotIn("alert(1)", html)
        self.assertIn("Dành cho tiểu thương", html)
        self.assertNotIn("Trang nháp", html)
        # The main image is the first one: loaded at once, WebP with a JPEG fallback.
        self.assertRegex(html, r'<source[^>]+type="image/webp"')
        self.assertRegex(html, r'<img[^>]+\.jpg"[^>]*loading="eager"|<img[^>]+loading="eager"')
        self.assertRegex(html, r'<img[^>]+width="\d+"[^>]+height="\d+"|<img[^>]+height=')

    def test_empty_campaign_and_standard_page_render(self):
        campaign = self.add(self.home, CampaignPage(title="Chợ 4.0", slug="cho-40"))
        self.assertPageIsRenderable(campaign)
        standard = self.add(campaign, StandardPage(title="Hỏi đáp", slug="hoi-dap", intro="Hỏi"))
        self.assertPageIsRenderable(standard)

    def test_button_goes_to_a_chosen_page_or_a_safe_address_only(self):
        from cms.page_data import link_href

        trace = StandardPage.objects.get(slug="truy-xuat")
        self.assertEqual(link_href({"page": trace, "url": "https://x.vn"}), "/truy-xuat/")
        for url in ("/shop/", "https://chothainguyen.vn/", "tel:0912345678", "mailto:a@b.vn"):
            self.assertEqual(link_href({"page": None, "url": url}), url)
        for url in ("javascript:alert(1)", "data:text/html,x", "vbscript:x", "", "http://[::1"):
            self.assertEqual(link_href({"page": None, "url": url}), "", url)

    def test_every_page_type_can_be_previewed(self):
        campaign = self.add(self.home, CampaignPage(title="Chợ 4.0", slug="cho-40"))
        markets = self.add(self.home, MarketIndexPage(title="Chợ", slug="cho"))
        producers = self.add(self.home, ProducerIndexPage(title="Nhà sản xuất", slug="nsx"))
        pages = [
            campaign,
            self.add(campaign, StandardPage(title="Hỏi đáp", slug="hoi-dap")),
            markets,
            self.add(markets, MarketPage(title="Chợ Hùng Sơn", slug="hs", market=market())),
            producers,
            self.add(
                producers,
                ProducerStoryPage(title="Chuyện", slug="chuyen", producer=factories.producer()),
            ),
            self.news_index,
            self.add(self.news_index, NewsPage(title="Tin", slug="tin", date=dt.date(2026, 1, 1))),
        ]
        for page in pages:
            response = page.make_preview_request(None, page.default_preview_mode)
            self.assertEqual(response.status_code, 200, page)
            self.assertContains(response, f"<h1>{page.title}")


class NewsPages(SiteTestCase):
    def add_news(self, n: int, **fields):
        return self.add(
            self.news_index,
            NewsPage(
                title=f"Bài số {n:02d}",
                slug=f"bai-{n:02d}",
                date=dt.date(2026, 3, 1) + dt.timedelta(days=n),
                **fields,
            ),
        )

    def titles(self, html: str) -> list[str]:
        return re.findall(r"Bài số \d\d", html)

    def test_news_index_pages_ten_at_a_time_and_survives_bad_page_numbers(self):
        for n in range(1, 13):
            self.add_news(n)
        first = self.client.get(self.news_index.url).content.decode()
        self.assertEqual(self.titles(first), [f"Bài số {n:02d}" for n in range(12, 2, -1)])
        self.assertEqual(self.titles(first), list(dict.fromkeys(self.titles(first))))
        second = self.client.get(self.news_index.url, {"page": "2"}).content.decode()
        self.assertEqual(self.titles(second), ["Bài số 02", "Bài số 01"])
        for bad, expected in [("abc", first), ("-1", second), ("999", second)]:
            response = self.client.get(self.news_index.url, {"page": bad})
            self.assertEqual(response.status_code, 200, bad)
            self.assertEqual(self.titles(response.content.decode()), self.titles(expected), bad)

    def test_tag_filter_lists_tags_with_counts_and_filters(self):
        one = self.add_news(1)
        one.tags.add("Mật ong", "Chè")
        one.save_revision().publish()
        two = self.add_news(2)
        two.tags.add("mật ong")  # the same tag, whatever the case
        two.save_revision().publish()
        self.add_news(3)
        html = self.client.get(self.news_index.url).content.decode()
        self.assertRegex(
            html, r'\?tag=m%E1%BA%ADt-ong"[^>]*>Mật ong <span class="facet__count">2</span>'
        )
        self.assertRegex(html, r'\?tag=ch%C3%A8"[^>]*>Chè <span class="facet__count">1</span>')
        filtered = self.client.get(self.news_index.url, {"tag": "mật-ong"}).content.decode()
        self.assertEqual(self.titles(filtered), ["Bài số 02", "Bài số 01"])
        filtered = self.client.get(self.news_index.url, {"tag": "chè"}).content.decode()
        self.assertEqual(self.titles(filtered), ["Bài số 01"])
        article = self.client.get(one.url).content.decode()
        self.assertIn(f'href="{self.news_index.url}?tag=m%E1%BA%ADt-ong"', article)

    def test_each_list_page_is_its_own_canonical_address(self):
        for n in range(1, 13):
            article = self.add_news(n)
            article.tags.add("OCOP")
            article.save()
        base = "http://localhost/tin-tuc/"
        for query, canonical in [
            ({}, base),
            ({"page": "1"}, base),
            ({"page": "abc"}, base),
            ({"page": "2"}, base + "?page=2"),
            ({"tag": "ocop"}, base + "?tag=ocop"),
            ({"tag": "khong-co", "page": "2"}, base),
        ]:
            html = self.client.get(self.news_index.url, query).content.decode()
            self.assertIn(f'<link rel="canonical" href="{canonical}">', html, query)

    def test_unknown_tag_gives_an_empty_state_not_an_error(self):
        self.add_news(1)
        for tag in ("khong-co", "<script>", "a" * 300):
            response = self.client.get(self.news_index.url, {"tag": tag, "page": "2"})
            self.assertEqual(response.status_code, 200, tag)
            html = response.content.decode()
            self.assertIn('data-testid="unknown-tag"', html)
            self.assertEqual(self.titles(html), [])
            self.assertNotIn("<script>", html)

    def test_index_reads_a_page_of_news_in_a_fixed_number_of_queries(self):
        first = self.add_news(1, cover_image=image("Bìa 1", jpeg=True))
        first.tags.add("OCOP")
        first.save_revision().publish()
        self.client.get(self.news_index.url)
        with CaptureQueriesContext(connection) as one:
            self.client.get(self.news_index.url)
        for n in range(2, 8):
            item = self.add_news(n, cover_image=image(f"Bìa {n}", jpeg=True))
            item.tags.add("OCOP", f"Chủ đề {n}")
            item.save_revision().publish()
        self.client.get(self.news_index.url)  # makes the covers' renditions once
        with CaptureQueriesContext(connection) as many:
            html = self.client.get(self.news_index.url).content.decode()
        self.assertEqual(len(by_testid(html, "news-item")), 9)
        self.assertEqual(len(many), len(one))

    def test_draft_news_is_neither_listed_nor_counted(self):
        draft = self.add_news(1, live=False)
        draft.tags.add("Bí mật")
        draft.save_revision()
        html = self.client.get(self.news_index.url).content.decode()
        self.assertNotIn("Bài số 01", html)
        self.assertNotIn("Bí mật", html)

    def test_news_page_shows_date_author_and_renders_without_optional_fields(self):
        article = self.add_news(4, author="Nguyễn Thị Hoa", summary="Tóm tắt")
        self.assertPageIsRenderable(article)
        html = self.client.get(article.url).content.decode()
        self.assertEqual(by_testid(html, "news-date"), ["05/03/2026"])
        self.assertEqual(by_testid(html, "news-author"), ["Nguyễn Thị Hoa"])
        for kind, url in [("rss", "/tin-tuc/rss.xml"), ("atom", "/tin-tuc/atom.xml")]:
            self.assertRegex(
                html, rf'<link rel="alternate" type="application/{kind}\+xml"[^>]+href="{url}">'
            )
        self.assertPageIsRenderable(self.news_index)


class Pictures(SiteTestCase):
    """partials/wagtail_picture.html: WebP first, the file's own kind as fallback, sizes set."""

    def render(self, **context) -> str:
        from django.template.loader import render_to_string

        return render_to_string("partials/wagtail_picture.html", context)

    def test_webp_with_jpeg_or_png_fallback_lazy_unless_eager(self):
        jpeg = self.render(image=image("Đồi chè", jpeg=True), size="card")
        self.assertRegex(jpeg, r'<source[^>]+srcset="[^"]+\.webp 400w[^"]*"[^>]*type="image/webp"')
        self.assertRegex(jpeg, r'<img [^>]*src="[^"]+\.jpg"')
        self.assertRegex(jpeg, r'<img [^>]*height="\d+"[^>]*loading="lazy"[^>]*width="\d+"')
        self.assertIn('alt="Đồi chè"', jpeg)
        png = self.render(image=image("Logo"), size="thumb", eager=True, alt="Logo ngân hàng")
        self.assertRegex(png, r'<img [^>]*src="[^"]+\.png"')
        self.assertIn('loading="eager"', png)
        self.assertIn('alt="Logo ngân hàng"', png)
        self.assertEqual(self.render(image=None, size="cover").strip(), "")


class PageWeight(SiteTestCase):
    """Phones on slow networks: a page's HTML and style sheets stay under 60 KB (photos
    aside), with a full page of news and a producer with a dozen products."""

    LIMIT = 60 * 1024

    def weight(self, url: str) -> int:
        from django.contrib.staticfiles import finders

        html = self.client.get(url).content
        sheets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html)
        self.assertTrue(sheets)
        scripts = re.findall(rb'<script[^>]+src="/static/([^"]+)"', html)
        files = [finders.find(name.decode()) for name in sheets + scripts]
        return len(html) + sum(len(open(path, "rb").read()) for path in files)

    def test_news_list_and_producer_story_stay_light(self):
        for n in range(12):
            self.add(
                self.news_index,
                NewsPage(
                    title=f"Tin {n}",
                    slug=f"tin-{n}",
                    date=dt.date(2026, 1, 1 + n),
                    summary="Chợ Hùng Sơn có thêm quầy nhận thanh toán bằng mã QR. " * 4,
                    cover_image=image(f"Bìa {n}", jpeg=True),
                ),
            )
        self.assertLess(self.weight(self.news_index.url), self.LIMIT)
        index = self.add(self.home, ProducerIndexPage(title="Người sản xuất", slug="nsx"))
        producer = factories.producer()
        for n in range(12):
            factories.product(f"Chè móc câu Tân Cương loại {n}", owner=producer, image=True)
        story = self.add(index, ProducerStoryPage(title="Chuyện", slug="chuyen", producer=producer))
        self.assertLess(self.weight(story.url), self.LIMIT)


class BreadcrumbsAndSharing(SiteTestCase):
    def test_breadcrumbs_go_from_home_to_the_page_and_not_on_home(self):
        article = self.add(
            self.news_index, NewsPage(title="Tin OCOP", slug="tin-ocop", date=dt.date(2026, 1, 1))
        )
        html = self.client.get(article.url).content.decode()
        nav = html.split('data-testid="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
        self.assertEqual(re.findall(r'href="([^"]+)"', nav), ["/", "/tin-tuc/"])
        self.assertIn('itemtype="https://schema.org/BreadcrumbList"', nav)
        self.assertIn('aria-current="page"><span itemprop="name">Tin OCOP</span>', nav)
        self.assertIn('<meta itemprop="position" content="3">', nav)
        self.assertNotIn('data-testid="breadcrumbs"', self.client.get("/").content.decode())

    def test_title_description_canonical_and_sharing_image(self):
        page = self.add(
            self.home,
            StandardPage(
                title="Giới thiệu",
                slug="gioi-thieu-2",
                seo_title="Chợ Số là gì?",
                intro="Sàn đặc sản Thái Nguyên và chợ 4.0.",
                og_image=image("Ảnh chia sẻ"),
            ),
        )
        html = self.client.get(page.url).content.decode()
        self.assertIn("<title>Chợ Số là gì? · Chợ Số</title>", html)
        description = "Sàn đặc sản Thái Nguyên và chợ 4.0."
        self.assertIn(f'<meta name="description" content="{description}">', html)
        self.assertIn('<link rel="canonical" href="http://localhost/gioi-thieu-2/">', html)
        self.assertIn('<meta property="og:title" content="Chợ Số là gì?">', html)
        self.assertIn('<meta property="og:type" content="website">', html)
        self.assertRegex(
            html, r'<meta property="og:image" content="http://[^"]+fill-1200x630[^"]*">'
        )
        self.assertIn('<meta name="twitter:card" content="summary_large_image">', html)

    def test_search_description_wins_and_news_falls_back_to_its_cover(self):
        article = self.add(
            self.news_index,
            NewsPage(
                title="Tin",
                slug="tin",
                date=dt.date(2026, 1, 1),
                summary="Tóm tắt",
                search_description="Mô tả cho Google",
                cover_image=image("Bìa", jpeg=True),
            ),
        )
        html = self.client.get(article.url).content.decode()
        self.assertIn('<meta name="description" content="Mô tả cho Google">', html)
        self.assertIn('<meta property="og:type" content="article">', html)
        self.assertRegex(html, r'<meta property="og:image" content="[^"]+fill-1200x630[^"]*\.jpg">')

    def test_page_without_image_has_no_og_image(self):
        page = self.add(self.home, StandardPage(title="Liên hệ", slug="lien-he"))
        html = self.client.get(page.url).content.decode()
        self.assertNotIn("og:image", html)
        self.assertIn('<meta name="twitter:card" content="summary">', html)
        self.assertIn('<meta property="og:title" content="Liên hệ">', html)
