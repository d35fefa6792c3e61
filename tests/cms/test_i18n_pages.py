"""Pages translatable to English (Wagtail i18n + simple_translation): an English reader (the
language cookie) gets a page's English translation at the same address when one is live, and
the Vietnamese page when not; the Vietnamese tree stays as it was."""

from django.contrib.auth.models import Group, User
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

from cms.demo import seed_pages
from cms.editors import ensure_editor_setup
from cms.models import HomePage, NewsIndexPage, StandardPage
from core.permissions import EDITOR_GROUP


def english() -> Locale:
    return Locale.objects.get(language_code="en")


class LocalesTests(WagtailPageTestCase):
    def test_english_locale_exists_and_the_tree_stays_vietnamese(self):
        # From the migration alone (the test database is migrated, not seeded).
        self.assertEqual(set(Locale.objects.values_list("language_code", flat=True)), {"vi", "en"})
        seed_pages()
        self.assertEqual(
            set(Page.objects.filter(depth__gt=1).values_list("locale__language_code", flat=True)),
            {"vi"},
        )
        self.assertEqual(Locale.get_default().language_code, "vi")


class EnglishReaderTests(WagtailPageTestCase):
    def setUp(self):
        self.home = seed_pages()
        self.about = self.home.add_child(
            instance=StandardPage(title="Giới thiệu", slug="gioi-thieu", intro="Chợ Số là gì")
        )
        self.en_home = self.home.copy_for_translation(english())
        self.en_home.title = "Chợ Số (English)"
        self.en_home.save_revision().publish()

    def translate(self, page, **fields):
        copy = page.copy_for_translation(english())
        for name, value in fields.items():
            setattr(copy, name, value)
        copy.save_revision().publish()
        return copy

    def get(self, path, language=None):
        if language:
            self.client.cookies["django_language"] = language
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200, path)
        return response

    def test_english_reader_gets_the_english_translation_at_the_same_address(self):
        english_about = self.translate(self.about, title="About us", intro="What Chợ Số is")
        self.assertEqual(english_about.url, "/gioi-thieu/")
        self.assertEqual(self.about.url, "/gioi-thieu/")
        response = self.get("/gioi-thieu/", "en")
        self.assertContains(response, "About us")
        self.assertNotContains(response, "Chợ Số là gì")

    def test_vietnamese_reader_gets_the_vietnamese_page(self):
        self.translate(self.about, title="About us")
        response = self.get("/gioi-thieu/")
        self.assertContains(response, "Giới thiệu")
        self.assertNotContains(response, "About us")
        response = self.get("/gioi-thieu/", "vi")
        self.assertNotContains(response, "About us")

    def test_english_reader_gets_the_vietnamese_page_when_there_is_no_translation(self):
        response = self.get("/gioi-thieu/", "en")
        self.assertContains(response, "Chợ Số là gì")

    def test_a_draft_translation_is_not_shown(self):
        copy = self.about.copy_for_translation(english())
        copy.title = "About us (draft)"
        copy.save_revision()
        self.assertFalse(copy.live)
        response = self.get("/gioi-thieu/", "en")
        self.assertNotContains(response, "About us (draft)")
        self.assertContains(response, "Chợ Số là gì")

    def test_deeper_pages_fall_back_through_untranslated_parents(self):
        index = NewsIndexPage.objects.get()
        article = index.get_children().live().first()
        response = self.get(article.url, "en")
        self.assertContains(response, article.title)

    def test_english_home_is_served_at_root_to_english_readers(self):
        self.assertContains(self.get("/", "en"), "<title>Chợ Số (English)", html=False)

    def test_no_english_home_serves_the_vietnamese_site(self):
        self.en_home.refresh_from_db()
        self.en_home.unpublish()
        response = self.get("/", "en")
        self.assertNotContains(response, "Chợ Số (English)")

    def test_an_unknown_address_is_still_a_404_for_english_readers(self):
        self.client.cookies["django_language"] = "en"
        self.assertEqual(self.client.get("/khong-co/").status_code, 404)
        self.assertEqual(self.client.get("/gioi-thieu/khong-co/").status_code, 404)


class TranslateActionTests(WagtailPageTestCase):
    """The "Translate" action of the page menu (simple_translation) makes the English draft."""

    def setUp(self):
        self.home = seed_pages()
        groups = ensure_editor_setup()
        self.editor = User.objects.create_user("bientap", "bt@example.vn", "demo12345")
        self.editor.groups.add(groups[EDITOR_GROUP])

    def url(self, page):
        return f"/cms/translation/submit/page/{page.pk}/"

    def test_editor_translates_the_home_page_and_its_subtree_into_english_drafts(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(self.url(self.home)).status_code, 200)
        response = self.client.post(
            self.url(self.home), {"locales": [english().pk], "include_subtree": "on"}
        )
        self.assertEqual(response.status_code, 302)
        en_home = HomePage.objects.get(locale=english())
        self.assertEqual(en_home.translation_key, self.home.translation_key)
        self.assertFalse(en_home.live)  # a draft until someone publishes it
        self.assertEqual(
            Page.objects.filter(locale=english()).count(),
            self.home.get_descendants(inclusive=True).count(),
        )
        # Until the English version is published the site is unchanged for English readers.
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get("/"), "Đặc sản Thái Nguyên")

    def test_anonymous_and_shoppers_cannot_translate(self):
        response = self.client.post(self.url(self.home), {"locales": [english().pk]})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])
        shopper = User.objects.create_user("nguoimua", "m@example.vn", "demo12345")
        self.client.force_login(shopper)
        response = self.client.post(self.url(self.home), {"locales": [english().pk]})
        self.assertIn(response.status_code, (302, 403))
        self.assertFalse(Page.objects.filter(locale=english()).exists())

    def test_staff_without_the_translate_permission_cannot(self):
        staff = User.objects.create_user("nv", "nv@example.vn", "demo12345", is_staff=True)
        staff.groups.add(Group.objects.get(name=EDITOR_GROUP))
        editors = Group.objects.get(name=EDITOR_GROUP)
        editors.permissions.remove(*editors.permissions.filter(codename="submit_translation"))
        self.client.force_login(staff)
        response = self.client.post(self.url(self.home), {"locales": [english().pk]})
        # Wagtail's admin answers a refused action with a redirect to the dashboard.
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/cms/")
        self.assertFalse(Page.objects.filter(locale=english()).exists())
