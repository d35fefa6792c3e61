"""cms.demo: the demo site seed_demo builds (home, Chợ 4.0 campaign, markets, producer stories,
news, snippets, illustrations, English translations), idempotent; cms.illustrations."""

import io
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision
from wagtail.test.utils import WagtailPageTestCase

from catalog.demo import seed_producers
from catalog.models import Producer
from cms import demo
from cms.blocks import HomeBlock
from cms.demo import IMAGES, seed_site
from cms.illustrations import HEIGHT, NAMES, WIDTH, scene
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
from cms.snippets import BankApp, FAQEntry
from market.demo import seed_markets
from market.models import Market
from payments.banks import get_bank

Image = get_image_model()


def counts() -> dict:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": Image.objects.count(),
        "faq": FAQEntry.objects.count(),
        "bank_apps": BankApp.objects.count(),
        "locales": Locale.objects.count(),
        "news_tags": sum(page.tags.count() for page in NewsPage.objects.all()),
        "campaign_faq": sum(page.faq.count() for page in CampaignPage.objects.all()),
    }


def vietnamese(model):
    return model.objects.filter(locale=Locale.get_default())


class DemoSiteTests(WagtailPageTestCase):
    """seed_demo's order: markets and producers first, then the pages; seeded once for the
    class (the seed takes seconds), its image files in the class's own media folder."""

    @classmethod
    def setUpClass(cls):
        cls.media_root = tempfile.mkdtemp(prefix="cms-demo-")
        cls.addClassCleanup(shutil.rmtree, cls.media_root, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=cls.media_root)
        media.enable()
        cls.addClassCleanup(media.disable)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        seed_markets()
        seed_producers()
        cls.home = seed_site()

    def setUp(self):
        media = override_settings(MEDIA_ROOT=self.media_root)  # over conftest's per-test one
        media.enable()
        self.addCleanup(media.disable)

    def test_a_second_seed_changes_nothing(self):
        before = counts()
        seed_site()
        self.assertEqual(counts(), before)
        self.assertEqual(vietnamese(HomePage).count(), 1)

    def test_home_has_every_home_block_type(self):
        types = [block.block_type for block in self.home.body]
        self.assertEqual(set(types), set(HomeBlock.base_blocks))
        blocks = {block.block_type: block.value for block in self.home.body}
        campaign = CampaignPage.objects.get(slug="cho-4-0", locale=self.home.locale)
        hero_links = [(link["page"], link["url"]) for link in blocks["hero"]["actions"]]
        self.assertEqual(hero_links, [(campaign.page_ptr, ""), (None, "/shop/")])
        self.assertIsNotNone(blocks["hero"]["image"])
        spotlight = blocks["producer_spotlight"]
        self.assertEqual(spotlight["producer"].slug, "htx-che-tan-cuong-hoang-binh")
        self.assertEqual(spotlight["story"].specific.producer, spotlight["producer"])
        self.assertEqual(blocks["adoption_figures"]["province"].slug, "thai-nguyen")
        self.assertEqual(list(blocks["market_map"]["markets"]), [])  # empty: every market
        self.assertEqual(blocks["faq"]["topic"], "paying")
        self.assertEqual(len(blocks["gallery"]["images"]), 3)
        self.assertEqual(blocks["featured_products"]["min_ocop_stars"], 3)
        cta_links = [link["page"] or link["url"] for link in blocks["call_to_action"]["actions"]]
        self.assertEqual(cta_links[0], "/markets/")
        self.assertEqual(
            cta_links[1].specific, MarketIndexPage.objects.get(locale=self.home.locale)
        )

    def test_featured_products_has_ocop_products_to_show(self):
        from catalog.selectors import featured_products

        self.assertGreaterEqual(len(featured_products(limit=8)), 4)

    def test_campaign_page(self):
        page = CampaignPage.objects.get(slug="cho-4-0", locale=self.home.locale)
        self.assertTrue(page.live)
        self.assertEqual(page.get_parent().specific, self.home)
        self.assertEqual(page.title, "Chợ 4.0 — Chợ thanh toán không dùng tiền mặt")
        self.assertTrue(page.intro and page.hero_image and page.og_image and page.body)
        steps = page.how_to_pay[0].value["steps"]
        self.assertTrue(4 <= len(steps) <= 5)
        self.assertIn("VietQR", steps[1]["title"])
        self.assertEqual(set(page.faq.values_list("topic", flat=True)), {"paying", "selling"})
        actions = page.call_to_action[0].value["actions"]
        self.assertEqual([link["url"] for link in actions], ["/markets/", "/shop/"])

    def test_market_pages_are_linked_to_hung_son_and_la_hien(self):
        index = MarketIndexPage.objects.get(slug="cac-cho", locale=self.home.locale)
        self.assertEqual(index.title, "Chợ 4.0 ở Thái Nguyên")
        pages = MarketPage.objects.child_of(index).live()
        self.assertEqual({page.market.slug for page in pages}, {"cho-hung-son", "cho-la-hien"})
        for page in pages:
            self.assertTrue(page.intro and page.body, page.slug)
            self.assertGreaterEqual(len(page.gallery[0].value["images"]), 2)

    def test_producer_stories_are_linked_to_three_producers(self):
        index = ProducerIndexPage.objects.get(slug="nguoi-san-xuat", locale=self.home.locale)
        self.assertEqual(index.title, "Câu chuyện người làm ra")
        stories = ProducerStoryPage.objects.child_of(index).live()
        self.assertEqual(
            {story.producer.slug for story in stories},
            {"htx-che-tan-cuong-hoang-binh", "htx-mat-ong-dinh-hoa", "trang-trai-ga-doi-phu-binh"},
        )
        for story in stories:
            self.assertTrue(story.cover_image and story.body and story.gallery, story.slug)

    def test_five_news_articles_with_author_tags_cover_and_body(self):
        index = NewsIndexPage.objects.get(slug="tin-tuc", locale=self.home.locale)
        news = NewsPage.objects.child_of(index).live()
        self.assertEqual(news.count(), 5)
        for page in news:
            self.assertTrue(page.author and page.cover_image and page.summary and page.body)
            self.assertTrue(page.tags.exists(), page.slug)
        tags = {tag.name for page in news for tag in page.tags.all()}
        self.assertTrue({"Chợ 4.0", "OCOP", "Truy xuất", "Chè"} <= tags)

    def test_every_page_has_a_search_description_and_home_and_campaign_a_sharing_image(self):
        pages = Page.objects.filter(depth__gte=2).specific()
        self.assertGreaterEqual(len(pages), 20)
        self.assertEqual([p.url_path for p in pages if not p.search_description], [])
        self.assertIsNotNone(self.home.og_image)
        self.assertIsNotNone(CampaignPage.objects.get(locale=self.home.locale).og_image)

    def test_snippets(self):
        entries = vietnamese(FAQEntry)
        self.assertGreaterEqual(entries.count(), 8)
        self.assertEqual(
            set(entries.values_list("topic", flat=True)),
            {"paying", "selling", "traceability", "shop"},
        )
        apps = vietnamese(BankApp)
        self.assertGreaterEqual(apps.count(), 8)
        for app in apps:  # a real NAPAS bank behind every app
            self.assertIsNotNone(get_bank(app.bank_bin), app.name)

    def test_images_are_illustrations_made_once(self):
        self.assertEqual(Image.objects.count(), len(IMAGES))
        for image in Image.objects.all():
            self.assertEqual((image.width, image.height), (WIDTH, HEIGHT))
            self.assertTrue(20_000 < image.file_size < 90_000, (image.title, image.file_size))
            self.assertTrue(image.description, image.title)

    def test_an_editors_image_of_another_title_is_not_reused_or_touched(self):
        upload = io.BytesIO()
        PILImage.new("RGB", (40, 30), "red").save(upload, "JPEG")
        Image.objects.create(
            title="Ảnh chợ của biên tập viên",
            file=SimpleUploadedFile("anh.jpg", upload.getvalue(), content_type="image/jpeg"),
        )
        seed_site()
        self.assertEqual(Image.objects.count(), len(IMAGES) + 1)

    def test_english_translations_of_the_main_pages(self):
        english = Locale.objects.get(language_code="en")
        for page in (
            self.home,
            CampaignPage.objects.get(locale=self.home.locale),
            MarketIndexPage.objects.get(locale=self.home.locale),
            ProducerIndexPage.objects.get(locale=self.home.locale),
            NewsIndexPage.objects.get(locale=self.home.locale),
        ):
            translation = page.get_translation(english)
            self.assertTrue(translation.live, page.slug)
            self.assertTrue(translation.specific.search_description, page.slug)
        home_en = self.home.get_translation(english).specific
        self.assertEqual({block.block_type for block in home_en.body}, set(HomeBlock.base_blocks))
        self.assertEqual(
            home_en.body[0].value["heading"],
            "Thái Nguyên specialities, from the people who make them",
        )
        campaign_en = CampaignPage.objects.get(locale=english)
        self.assertEqual(campaign_en.title, "Chợ 4.0 — cashless markets")
        self.assertTrue(campaign_en.faq.exists())
        self.assertEqual(set(campaign_en.faq.values_list("locale", flat=True)), {english.pk})

    def test_news_and_information_pages_render(self):
        # Page types whose templates are on this branch; the others are rendered by the
        # page-template work (and the home's blocks by the block-template work).
        for page in (
            *NewsPage.objects.live(),
            NewsIndexPage.objects.get(locale=self.home.locale),
            StandardPage.objects.get(slug="truy-xuat"),
        ):
            self.assertPageIsRenderable(page)
        article = NewsPage.objects.get(slug="cho-la-hien-cho-4-0-thu-hai")
        response = self.client.get(article.url)
        self.assertContains(response, "Chợ La Hiên trở thành chợ 4.0 thứ hai của tỉnh")
        self.assertContains(response, "ít nhất 60 chợ 4.0")  # the body, as seeded


class UpgradeTests(WagtailPageTestCase):
    def test_an_older_seeds_home_gets_the_full_body_once_producers_exist(self):
        # The first seed ran before any market or producer existed (an older seed_demo).
        home = seed_site()
        self.assertNotIn("producer_spotlight", {b.block_type for b in home.body})
        self.assertFalse(MarketPage.objects.exists() or ProducerStoryPage.objects.exists())
        # The home an older seed left: a hero and new products only.
        home.body = [
            ("hero", {"heading": "Chợ Số", "text": "", "actions": []}),
            ("featured_products", {"heading": "Sản phẩm mới", "products": [], "count": 8}),
        ]
        home.save_revision().publish()
        seed_markets()
        seed_producers()

        home = seed_site()

        self.assertEqual(vietnamese(HomePage).count(), 1)
        self.assertEqual({b.block_type for b in home.body}, set(HomeBlock.base_blocks))
        self.assertEqual(MarketPage.objects.count(), 2)
        self.assertEqual(ProducerStoryPage.objects.count(), 3)
        before = counts()
        seed_site()
        self.assertEqual(counts(), before)

    def test_an_editors_complete_home_is_left_alone(self):
        seed_markets()
        seed_producers()
        home = seed_site()
        body = list(home.body.raw_data)
        body[0]["value"]["heading"] = "Tiêu đề của biên tập viên"
        home.body = home.body.stream_block.to_python(body)
        home.save_revision().publish()

        home = seed_site()

        self.assertEqual(home.body[0].value["heading"], "Tiêu đề của biên tập viên")

    def test_seed_works_with_wagtail_i18n_enabled(self):
        with self.settings(WAGTAIL_I18N_ENABLED=True):
            seed_site()
            before = counts()
            seed_site()
            self.assertEqual(counts(), before)
        self.assertTrue(HomePage.objects.filter(locale__language_code="en").exists())


class IllustrationTests(WagtailPageTestCase):
    def test_each_scene_is_wide_and_deterministic(self):
        for name in NAMES:
            first = scene(name)
            self.assertEqual(first.size, (WIDTH, HEIGHT))
            self.assertEqual(first.tobytes(), scene(name).tobytes(), name)
        self.assertNotEqual(scene("market", 1).tobytes(), scene("market").tobytes())

    def test_an_unknown_scene_is_an_error(self):
        with self.assertRaises(KeyError):
            scene("no-such-scene")

    def test_demo_images_name_existing_scenes(self):
        self.assertTrue({name for name, *_rest in IMAGES.values()} <= set(NAMES))
        self.assertEqual(demo.illustration_jpeg("farm", 0)[:2], b"\xff\xd8")  # a JPEG

    def test_producers_missing_leaves_market_and_story_pages_out(self):
        self.assertFalse(Producer.objects.exists() or Market.objects.exists())
        seed_site()
        self.assertFalse(MarketPage.objects.exists() or ProducerStoryPage.objects.exists())
        self.assertTrue(CampaignPage.objects.exists())
