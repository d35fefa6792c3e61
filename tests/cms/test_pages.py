"""Wagtail pages: created the Wagtail way under home, and rendered."""

import datetime as dt

from wagtail.test.utils import WagtailPageTestCase

from cms.demo import seed_pages
from cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from tests import factories


class PageTreeTests(WagtailPageTestCase):
    def setUp(self):
        self.home = seed_pages()

    def test_home_is_served_at_root_with_live_products(self):
        # The demo's featured block shows products holding a valid OCOP certificate (≥ 3★).
        product = factories.product(title="Chè móc câu Trại Cài", price=120000)
        factories.certification(product=product, stars=3)
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Đặc sản Thái Nguyên, từ tay người làm ra")
        self.assertContains(response, "Chè móc câu Trại Cài")
        self.assertContains(response, "120.000")

    def test_page_types_live_where_the_site_map_says(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)

    def test_standard_page_created_under_home_renders(self):
        page = self.home.add_child(
            instance=StandardPage(title="Giới thiệu Chợ 4.0", slug="gioi-thieu", intro="Quét mã")
        )
        self.assertPageIsRenderable(page)
        response = self.client.get("/gioi-thieu/")
        self.assertContains(response, "Giới thiệu Chợ 4.0")

    def test_news_index_lists_live_news_newest_first(self):
        index = NewsIndexPage.objects.get(locale=self.home.locale)  # not its translation
        index.add_child(
            instance=NewsPage(title="Tin mới nhất", slug="moi", date=dt.date(2026, 1, 2))
        )
        response = self.client.get(index.url)
        html = response.content.decode()
        self.assertLess(html.index("Tin mới nhất"), html.index("Mã truy xuất nguồn gốc"))

    def test_seed_pages_is_idempotent(self):
        count = StandardPage.objects.count() + NewsPage.objects.count()
        seed_pages()
        self.assertEqual(StandardPage.objects.count() + NewsPage.objects.count(), count)


class EmptyDatabaseTests(WagtailPageTestCase):
    def test_seed_pages_rebuilds_the_tree_after_a_flush(self):
        from wagtail.models import Locale, Page, Site

        Site.objects.all().delete()
        Page.objects.all().delete()
        Locale.objects.all().delete()
        home = seed_pages()
        self.assertEqual(home.url, "/")
        self.assertEqual(self.client.get("/").status_code, 200)
        self.assertEqual(self.client.get("/tin-tuc/").status_code, 200)
