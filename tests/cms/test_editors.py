"""The editors' Wagtail: a Vietnamese admin, drafts and previews of every page type, the
moderation workflow "Kiểm duyệt nội dung" (editors submit, moderators approve and publish),
revisions, scheduled publishing on beat, and the snippets."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowState,
)
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from cms.demo import seed_pages
from cms.editors import APPROVAL_TASK_NAME, WORKFLOW_NAME, ensure_editor_setup
from cms.models import (
    CampaignPage,
    MarketIndexPage,
    MarketPage,
    NewsIndexPage,
    NewsPage,
    ProducerIndexPage,
    ProducerStoryPage,
    StandardPage,
)
from cms.snippets import FAQEntry
from cms.tasks import publish_scheduled_pages
from config.celery_app import app as celery_app
from core.permissions import EDITOR_GROUP, MODERATOR_GROUP
from tests import factories
from tests.market import builders as market_builders


def edit_form_data(html: str, page) -> dict:
    """The page edit form's fields as a browser would send them. Wagtail draws StreamFields
    with JavaScript, so the HTML holds none of their inputs: each is sent empty."""
    data = querydict_from_html(html, form_id="page-edit-form")
    for field in type(page)._meta.get_fields():
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", "0")
    return data


class EditorsTestCase(WagtailPageTestCase):
    def setUp(self):
        self.home = seed_pages()
        groups = ensure_editor_setup()  # again: seed_pages may have rebuilt the tree
        self.editor = self.member("bientap", groups[EDITOR_GROUP])
        self.moderator = self.member("kiemduyet", groups[MODERATOR_GROUP])
        self.draft = self.home.add_child(
            instance=StandardPage(title="Giới thiệu Chợ 4.0", slug="gioi-thieu", live=False)
        )
        self.draft.save_revision()

    @staticmethod
    def member(username, group):
        user = User.objects.create_user(username, f"{username}@example.vn", "demo12345")
        user.groups.add(group)
        return user

    def edit_url(self, page):
        return f"/cms/pages/{page.pk}/edit/"

    def post_edit(self, user, page, action: str, **changes):
        """The edit form as ``user`` sees it, with ``changes``, sent with one of its buttons."""
        self.client.force_login(user)
        html = self.client.get(self.edit_url(page)).content.decode()
        data = edit_form_data(html, page)
        for name, value in changes.items():
            data[name] = value
        data[action] = "1"
        return self.client.post(self.edit_url(page), data)

    def fresh(self, page):
        return Page.objects.get(pk=page.pk).specific


class SetUpTests(EditorsTestCase):
    def test_groups_permissions_and_workflow_come_from_the_migration(self):
        # The test database is migrated; setUp only repeated it (idempotent: no duplicates).
        root = Page.get_first_root_node()
        perms = {
            (g, p)
            for g, p in GroupPagePermission.objects.filter(page=root).values_list(
                "group__name", "permission__codename"
            )
        }
        self.assertIn((EDITOR_GROUP, "add_page"), perms)
        self.assertIn((EDITOR_GROUP, "change_page"), perms)
        self.assertNotIn((EDITOR_GROUP, "publish_page"), perms)
        self.assertIn((MODERATOR_GROUP, "publish_page"), perms)
        self.assertTrue(
            GroupCollectionPermission.objects.filter(
                group__name=EDITOR_GROUP, permission__codename="add_image"
            ).exists()
        )
        workflow = Workflow.objects.get(name=WORKFLOW_NAME)
        self.assertEqual(self.home.get_workflow(), workflow)
        self.assertEqual(self.draft.get_workflow(), workflow)
        task = workflow.tasks.get().specific
        self.assertEqual(task.name, APPROVAL_TASK_NAME)
        self.assertEqual(list(task.groups.values_list("name", flat=True)), [MODERATOR_GROUP])
        ensure_editor_setup()
        self.assertEqual(Workflow.objects.filter(name=WORKFLOW_NAME).count(), 1)
        self.assertEqual(
            GroupPagePermission.objects.filter(page=root, group__name=EDITOR_GROUP).count(), 2
        )

    def test_admin_is_in_vietnamese_for_an_editor_without_a_preference(self):
        self.client.force_login(self.editor)
        response = self.client.get("/cms/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="vi"', html=False)
        self.assertIn(("vi", "Tiếng Việt"), list(settings.WAGTAILADMIN_PERMITTED_LANGUAGES))

    def test_an_editor_may_choose_english(self):
        profile = UserProfile.get_for_user(self.editor)
        profile.preferred_language = "en"
        profile.save()
        self.client.force_login(self.editor)
        self.assertContains(self.client.get("/cms/"), '<html lang="en"', html=False)

    def test_anonymous_and_shoppers_do_not_reach_the_admin(self):
        response = self.client.get("/cms/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
        self.client.force_login(User.objects.create_user("nguoimua", "m@example.vn", "x"))
        response = self.client.get(self.edit_url(self.draft))
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(self.client.get("/cms/").status_code, 302)


class ModerationTests(EditorsTestCase):
    def test_editor_submits_a_page_it_waits_for_moderation_and_is_not_live(self):
        response = self.post_edit(
            self.editor, self.draft, "action-submit", title="Giới thiệu Chợ 4.0 (bản mới)"
        )
        self.assertEqual(response.status_code, 302)
        page = self.fresh(self.draft)
        self.assertFalse(page.live)
        state = WorkflowState.objects.get(base_content_type__model="page", object_id=page.pk)
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.current_task_state.task.name, APPROVAL_TASK_NAME)
        self.assertEqual(self.client.get("/gioi-thieu/").status_code, 404)

    def test_editor_cannot_publish(self):
        self.post_edit(self.editor, self.draft, "action-publish", title="Tự đăng")
        self.assertFalse(self.fresh(self.draft).live)
        self.assertEqual(self.client.get("/gioi-thieu/").status_code, 404)
        # Nor through the unpublish/publish-like bulk endpoint.
        response = self.client.post(f"/cms/bulk/wagtailcore/page/publish/?id={self.draft.pk}", {})
        self.assertFalse(self.fresh(self.draft).live)
        self.assertNotEqual(response.status_code, 500)

    def test_moderator_approves_and_the_page_goes_live(self):
        self.post_edit(self.editor, self.draft, "action-submit", title="Chợ 4.0 là gì")
        state = WorkflowState.objects.get(object_id=str(self.draft.pk))
        url = f"/cms/pages/workflow/action/{self.draft.pk}/approve/{state.current_task_state.pk}/"
        # The editor who submitted cannot approve.
        self.client.force_login(self.editor)
        self.client.post(url, {})
        self.assertFalse(self.fresh(self.draft).live)
        self.client.force_login(self.moderator)
        response = self.client.post(url, {})
        self.assertEqual(response.status_code, 302)
        page = self.fresh(self.draft)
        self.assertTrue(page.live)
        self.assertEqual(page.title, "Chợ 4.0 là gì")
        self.client.logout()
        self.assertContains(self.client.get("/gioi-thieu/"), "Chợ 4.0 là gì")

    def test_moderator_may_publish_directly(self):
        self.post_edit(self.moderator, self.draft, "action-publish", title="Đăng ngay")
        page = self.fresh(self.draft)
        self.assertTrue(page.live)
        self.assertEqual(page.title, "Đăng ngay")


class RevisionTests(EditorsTestCase):
    def test_each_save_is_a_revision_and_an_old_one_can_be_restored(self):
        before = self.draft.revisions.count()
        self.post_edit(self.moderator, self.draft, "action-publish", title="Phiên bản một")
        first = self.fresh(self.draft).latest_revision
        self.post_edit(self.moderator, self.draft, "action-publish", title="Phiên bản hai")
        self.assertEqual(self.draft.revisions.count(), before + 2)
        self.assertEqual(self.fresh(self.draft).title, "Phiên bản hai")

        revert_url = f"/cms/pages/{self.draft.pk}/revisions/{first.pk}/revert/"
        response = self.client.get(revert_url)
        self.assertContains(response, "Phiên bản một")
        data = edit_form_data(response.content.decode(), self.draft)
        data["action-publish"] = "1"
        self.client.post(self.edit_url(self.draft), data)
        self.assertEqual(self.fresh(self.draft).title, "Phiên bản một")
        self.assertEqual(self.draft.revisions.count(), before + 3)


class PreviewTests(EditorsTestCase):
    """Every page type previews for an editor (Wagtail's preview view, as its editor sees it)."""

    def pages(self):
        producer = factories.producer()
        market = market_builders.market()
        markets = self.home.add_child(instance=MarketIndexPage(title="Các chợ", slug="cho"))
        producers = self.home.add_child(
            instance=ProducerIndexPage(title="Người làm ra", slug="nguoi-lam-ra")
        )
        news_index = NewsIndexPage.objects.get()
        return [
            self.home,
            self.draft,
            self.home.add_child(instance=CampaignPage(title="Chợ 4.0", slug="cho-4-0")),
            markets,
            markets.add_child(instance=MarketPage(title="Chợ Hùng Sơn", slug="hs", market=market)),
            producers,
            producers.add_child(
                instance=ProducerStoryPage(title="HTX chè", slug="htx", producer=producer)
            ),
            news_index,
            news_index.add_child(
                instance=NewsPage(title="Tin", slug="tin", date=dt.date(2026, 11, 1))
            ),
        ]

    def test_every_page_type_previews(self):
        pages = self.pages()
        from wagtail.models import get_page_models

        cms_types = {m for m in get_page_models() if m._meta.app_label == "cms"}
        self.assertEqual({type(p.specific) for p in pages}, cms_types)
        for page in pages:
            page = page.specific
            with self.subTest(type(page).__name__):
                self.assertPreviews(page)

    def assertPreviews(self, page):
        # Wagtail's assertPageIsPreviewable signs in with the first authentication backend,
        # which here is the sign-in throttle (no get_user): the same two requests by hand.
        self.client.force_login(self.editor)
        html = self.client.get(self.edit_url(page)).content.decode()
        url = f"/cms/pages/{page.pk}/edit/preview/"
        response = self.client.post(url, edit_form_data(html, page))
        self.assertJSONEqual(response.content, {"is_valid": True, "is_available": True})
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, page.title)

    def test_a_draft_preview_shows_unsaved_changes(self):
        self.client.force_login(self.editor)
        html = self.client.get(self.edit_url(self.draft)).content.decode()
        data = edit_form_data(html, self.draft)
        data["title"] = "Tiêu đề chưa lưu"
        url = f"/cms/pages/{self.draft.pk}/edit/preview/"
        self.assertJSONEqual(
            self.client.post(url, data).content, {"is_valid": True, "is_available": True}
        )
        self.assertContains(self.client.get(url), "Tiêu đề chưa lưu")
        self.assertFalse(self.fresh(self.draft).live)

    def test_shoppers_cannot_preview(self):
        self.client.force_login(User.objects.create_user("nguoimua", "m@example.vn", "x"))
        response = self.client.get(f"/cms/pages/{self.draft.pk}/edit/preview/")
        self.assertNotEqual(response.status_code, 200)


class ScheduledPublishingTests(EditorsTestCase):
    def schedule(self, page, go_live_at):
        page = self.fresh(page)
        page.go_live_at = go_live_at
        revision = page.save_revision(user=self.moderator)
        revision.publish(user=self.moderator)
        return revision

    def test_a_page_whose_time_has_come_goes_live_when_the_task_runs(self):
        revision = self.schedule(self.draft, timezone.now() + dt.timedelta(minutes=5))
        self.assertFalse(self.fresh(self.draft).live)  # scheduled, not yet published
        # Five minutes later: the scheduled time (on the revision and in its content) has passed.
        past = timezone.now() - dt.timedelta(minutes=1)
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
        publish_scheduled_pages.delay()
        self.assertTrue(self.fresh(self.draft).live)

    def test_a_page_scheduled_in_the_future_stays_unpublished(self):
        self.schedule(self.draft, timezone.now() + dt.timedelta(days=1))
        publish_scheduled_pages.delay()
        self.assertFalse(self.fresh(self.draft).live)
        self.assertEqual(self.client.get("/gioi-thieu/").status_code, 404)

    def test_the_task_runs_every_minute_on_beat(self):
        entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
        self.assertEqual(entry["task"], publish_scheduled_pages.name)
        self.assertEqual(entry["schedule"], 60.0)
        self.assertIn(publish_scheduled_pages.name, celery_app.tasks)


class SnippetTests(EditorsTestCase):
    def test_editors_see_and_add_faq_entries_and_banking_apps(self):
        self.client.force_login(self.editor)
        for url in (
            "/cms/snippets/cms/faqentry/",
            "/cms/snippets/cms/faqentry/add/",
            "/cms/snippets/cms/bankapp/",
            "/cms/snippets/cms/bankapp/add/",
        ):
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_only_moderators_delete_snippets(self):
        entry = FAQEntry.objects.create(
            question="Quét mã thế nào?", answer="<p>Mở app</p>", topic="paying"
        )
        url = f"/cms/snippets/cms/faqentry/delete/{entry.pk}/"
        self.client.force_login(self.editor)
        self.client.post(url)
        self.assertTrue(FAQEntry.objects.filter(pk=entry.pk).exists())
        self.client.force_login(self.moderator)
        self.client.post(url)
        self.assertFalse(FAQEntry.objects.filter(pk=entry.pk).exists())

    def test_shoppers_do_not_see_snippets(self):
        self.client.force_login(User.objects.create_user("nguoimua", "m@example.vn", "x"))
        self.assertNotEqual(self.client.get("/cms/snippets/cms/faqentry/").status_code, 200)
