"""The editors' set-up in Wagtail: the "Biên tập viên" (editors) and "Kiểm duyệt viên"
(moderators) groups with their page, image and document permissions, the English locale,
and the moderation workflow every page goes through before it is published.

Made by a data migration (``apps`` is then the migration's state) and again by demo data and
by tests whose database was emptied. Idempotent: what is missing is added, nothing removed.
"""

from __future__ import annotations

from core.permissions import EDITOR_GROUP, MODERATOR_GROUP, ensure_groups

WORKFLOW_NAME = "Kiểm duyệt nội dung"
APPROVAL_TASK_NAME = "Kiểm duyệt viên duyệt"
#: Page permissions (wagtailcore.page codenames), given on the tree's root so that they cover
#: every page, the home page included, whatever the home page becomes.
PAGE_PERMISSIONS = {
    EDITOR_GROUP: ("add_page", "change_page"),
    MODERATOR_GROUP: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
#: Image and document permissions, given on the root collection (every collection).
COLLECTION_PERMISSIONS = {
    EDITOR_GROUP: {
        "wagtailimages": ("add_image", "change_image", "choose_image"),
        "wagtaildocs": ("add_document", "change_document", "choose_document"),
    },
    MODERATOR_GROUP: {
        "wagtailimages": ("add_image", "change_image", "choose_image", "delete_image"),
        "wagtaildocs": ("add_document", "change_document", "choose_document", "delete_document"),
    },
}
#: Content languages every install needs: Vietnamese (the tree) and English (translations).
LANGUAGE_CODES = ("vi", "en")


def ensure_locales(*, apps=None) -> None:
    apps = apps or _global_apps()
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)


def ensure_editor_setup(*, apps=None) -> dict:
    """The two groups with every permission they need, and the workflow on the whole tree.

    Returns the groups by name. Pages: the permissions go on each tree root (depth 1) and the
    workflow is assigned there, replacing Wagtail's stock "Moderators approval" on that page.
    """
    apps = apps or _global_apps()
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    ensure_locales(apps=apps)
    groups = ensure_groups(EDITOR_GROUP, MODERATOR_GROUP, apps=apps)
    roots = list(Page.objects.filter(depth=1))
    collections = list(Collection.objects.filter(depth=1))
    for name, group in groups.items():
        page_perms = Permission.objects.filter(
            content_type__app_label="wagtailcore",
            content_type__model="page",
            codename__in=PAGE_PERMISSIONS[name],
        )
        for root in roots:
            for permission in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission
                )
        for label, codenames in COLLECTION_PERMISSIONS[name].items():
            for permission in Permission.objects.filter(
                content_type__app_label=label, codename__in=codenames
            ):
                for collection in collections:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=collection, permission=permission
                    )

    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=APPROVAL_TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(groups[MODERATOR_GROUP])
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for root in roots:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return groups


def _global_apps():
    from django.apps import apps

    return apps
