"""Site search (/tim-kiem/): live pages of the reader's language and products on sale, each
section paginated; bad input answered with a clear error."""

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from cms.demo import seed_pages
from cms.models import StandardPage
from cms.search import MAX_QUERY_LENGTH, PRODUCTS_PER_PAGE
from tests import factories

URL = "/tim-kiem/"


class SiteSearchTests(WagtailPageTestCase):
    def setUp(self):
        self.home = seed_pages()
        self.page = self.home.add_child(
            instance=StandardPage(
                title="Chợ Hùng Sơn không dùng tiền mặt",
                slug="cho-hung-son",
                intro="Mọi quầy hàng có mã VietQR.",
            )
        )

    def search(self, **params):
        return self.client.get(URL, params)

    def test_no_query_shows_the_form_only(self):
        response = self.search()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="site-search-form"')
        self.assertNotContains(response, 'data-testid="page-results"')
        self.assertNotContains(response, 'data-testid="no-results"')

    def test_finds_live_pages_and_products_on_sale_with_their_vnd_price(self):
        factories.product(title="Chè Hùng Sơn đặc biệt", price=120000)
        response = self.search(q="Hùng Sơn")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'href="/cho-hung-son/"', count=1)
        self.assertContains(response, "Mọi quầy hàng có mã VietQR.")
        self.assertContains(response, "Chè Hùng Sơn đặc biệt")
        self.assertContains(response, "120.000")

    def test_products_are_found_without_diacritics(self):
        factories.product(title="Mật ong rừng Võ Nhai", price=250000)
        response = self.search(q="mat ong")
        self.assertContains(response, 'data-testid="product-results"')
        self.assertContains(response, "Mật ong rừng Võ Nhai")

    def test_pages_are_found_without_diacritics(self):
        response = self.search(q="tien mat")
        self.assertContains(response, 'href="/cho-hung-son/"', count=1)
        self.assertContains(self.search(q="QUAY HANG"), 'href="/cho-hung-son/"', count=1)
        # Typed with other diacritics, the words are other words.
        self.assertNotContains(self.search(q="tiến mát"), 'href="/cho-hung-son/"')

    def test_drafts_private_pages_and_products_off_sale_are_not_found(self):
        draft = self.home.add_child(
            instance=StandardPage(title="Bản nháp Hùng Sơn", slug="nhap", live=False)
        )
        self.assertFalse(draft.live)
        hidden = factories.product(title="Chè Hùng Sơn ngừng bán")
        hidden.is_public = False
        hidden.save()
        from wagtail.models import PageViewRestriction

        private = self.home.add_child(instance=StandardPage(title="Nội bộ Hùng Sơn", slug="nb"))
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        response = self.search(q="Hùng Sơn")
        self.assertContains(response, "Chợ Hùng Sơn không dùng tiền mặt")
        self.assertNotContains(response, "Bản nháp Hùng Sơn")
        self.assertNotContains(response, "Nội bộ Hùng Sơn")
        self.assertNotContains(response, "Chè Hùng Sơn ngừng bán")

    def test_nothing_found_says_so(self):
        response = self.search(q="xyzzyqwerty")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="no-results"')
        self.assertNotContains(response, 'data-testid="page-results"')
        self.assertNotContains(response, 'data-testid="product-results"')

    def test_products_are_paginated_on_their_own(self):
        for n in range(PRODUCTS_PER_PAGE + 2):
            factories.product(title=f"Gạo nếp cái hoa vàng {n:02d}")
        first = self.search(q="gạo nếp")
        self.assertContains(first, 'class="product-card"', count=PRODUCTS_PER_PAGE)
        self.assertContains(first, "products_page=2")
        second = self.search(q="gạo nếp", products_page="2")
        self.assertContains(second, 'class="product-card"', count=2)

    def test_a_page_number_that_is_not_one_gives_a_page(self):
        factories.product(title="Chè Hùng Sơn")
        for value in ("x", "-1", "999999", "1e9"):
            response = self.search(q="Hùng Sơn", pages_page=value, products_page=value)
            self.assertEqual(response.status_code, 200, value)
            self.assertContains(response, "Chè Hùng Sơn")

    def test_too_long_a_query_is_refused_with_a_message(self):
        response = self.search(q="chè " * MAX_QUERY_LENGTH)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'data-testid="search-error"', status_code=400)
        self.assertNotContains(response, 'data-testid="page-results"', status_code=400)

    def test_a_query_at_the_limit_is_searched(self):
        response = self.search(q="a" * MAX_QUERY_LENGTH)
        self.assertEqual(response.status_code, 200)

    def test_a_nul_character_is_a_bad_request(self):
        self.assertEqual(self.search(q="chè\x00").status_code, 400)

    def test_only_get(self):
        self.assertEqual(self.client.post(URL, {"q": "chè"}).status_code, 405)

    def test_open_to_everyone(self):
        from django.contrib.auth.models import User

        shopper = User.objects.create_user("nguoimua", "m@example.vn", "demo12345")
        self.client.force_login(shopper)
        self.assertContains(self.search(q="Hùng Sơn"), "Chợ Hùng Sơn không dùng tiền mặt")

    def test_the_site_header_links_to_search(self):
        response = self.client.get("/")
        self.assertContains(response, f'href="{URL}" data-testid="site-search-link"')


class EnglishReaderSearchTests(WagtailPageTestCase):
    """An English reader finds the English translation of a page, and the Vietnamese pages
    nobody translated yet; never both versions of one page."""

    def setUp(self):
        self.home = seed_pages()
        self.page = self.home.add_child(
            instance=StandardPage(title="Chợ Hùng Sơn Market", slug="cho-hung-son")
        )
        self.untranslated = self.home.add_child(
            instance=StandardPage(title="Hùng Sơn Market news", slug="tin-hung-son")
        )
        english = Locale.objects.get(language_code="en")
        en_home = self.home.copy_for_translation(english)
        en_home.save_revision().publish()
        en_page = self.page.copy_for_translation(english)
        en_page.title = "Hung Son Market goes cashless"
        en_page.save_revision().publish()

    def test_english_reader_gets_the_translation_and_the_untranslated_pages(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(URL, {"q": "Market"})
        self.assertContains(response, "Hung Son Market goes cashless")
        self.assertContains(response, "Hùng Sơn Market news")
        self.assertNotContains(response, "Chợ Hùng Sơn Market")

    def test_vietnamese_reader_gets_the_vietnamese_pages(self):
        response = self.client.get(URL, {"q": "Market"})
        self.assertContains(response, "Chợ Hùng Sơn Market")
        self.assertNotContains(response, "Hung Son Market goes cashless")
