"""/sitemap.xml and /robots.txt: live public pages, producer stories, products on sale and
producers' shop pages, with absolute addresses on SITE_URL; drafts and products off sale left
out. The XML is parsed, not searched as text."""

from xml.etree import ElementTree

from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from cms.demo import seed_pages
from cms.models import ProducerIndexPage, ProducerStoryPage, StandardPage
from tests import factories

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "https://choso.example.vn"


@override_settings(SITE_URL=SITE)
class SitemapTests(WagtailPageTestCase):
    def setUp(self):
        self.home = seed_pages()
        self.producer = factories.producer()
        index = self.home.add_child(instance=ProducerIndexPage(title="Nhà sản xuất", slug="nsx"))
        self.story = index.add_child(
            instance=ProducerStoryPage(
                title="Câu chuyện HTX", slug="htx-che", producer=self.producer
            )
        )
        self.story.save_revision().publish()

    def entries(self) -> dict[str, str | None]:
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/xml")
        root = ElementTree.fromstring(response.content)
        return {
            url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
            for url in root.findall("s:url", NS)
        }

    def test_live_pages_with_their_last_publication(self):
        entries = self.entries()
        self.assertIn(f"{SITE}/", entries)
        self.assertIn(f"{SITE}/tin-tuc/", entries)
        self.assertIn(f"{SITE}/nsx/htx-che/", entries)
        self.story.refresh_from_db()
        self.assertEqual(
            entries[f"{SITE}/nsx/htx-che/"],
            timezone.localtime(self.story.last_published_at).strftime("%Y-%m-%d"),
        )

    def test_drafts_and_private_pages_are_left_out(self):
        self.home.add_child(instance=StandardPage(title="Nháp", slug="nhap", live=False))
        private = self.home.add_child(instance=StandardPage(title="Nội bộ", slug="noi-bo"))
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        entries = self.entries()
        self.assertNotIn(f"{SITE}/nhap/", entries)
        self.assertNotIn(f"{SITE}/noi-bo/", entries)

    def test_products_on_sale_are_listed_and_others_not(self):
        on_sale = factories.product(title="Chè móc câu")
        off_sale = factories.product(title="Chè ngừng bán")
        off_sale.is_public = False
        off_sale.save()
        entries = self.entries()
        self.assertIn(f"{SITE}{on_sale.get_absolute_url()}", entries)
        self.assertNotIn(f"{SITE}{off_sale.get_absolute_url()}", entries)
        self.assertIsNotNone(entries[f"{SITE}{on_sale.get_absolute_url()}"])

    def test_every_producer_shop_page_is_listed(self):
        other = factories.producer(name="Hộ ông Nguyễn Văn An", slug="ho-nguyen-van-an")
        entries = self.entries()
        self.assertIn(f"{SITE}/shop/producers/{self.producer.slug}/", entries)
        self.assertIn(f"{SITE}/shop/producers/{other.slug}/", entries)

    def test_every_listed_address_is_absolute_on_the_site(self):
        factories.product()
        for location in self.entries():
            self.assertTrue(location.startswith(f"{SITE}/"), location)

    def test_listed_addresses_answer(self):
        product = factories.product()
        for path in ("/", "/tin-tuc/", product.get_absolute_url()):
            self.assertEqual(self.client.get(path).status_code, 200, path)
        self.assertEqual(self.client.get(f"/shop/producers/{self.producer.slug}/").status_code, 200)

    def test_robots_txt_points_at_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/plain"))
        lines = response.content.decode().splitlines()
        self.assertIn(f"Sitemap: {SITE}/sitemap.xml", lines)
        self.assertIn("Disallow: /cms/", lines)

    def test_only_get(self):
        self.assertEqual(self.client.post("/robots.txt").status_code, 405)
        self.assertEqual(self.client.post("/sitemap.xml").status_code, 405)
