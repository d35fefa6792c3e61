"""Editors and moderators (groups, page/image/document permissions), the English locale and
the moderation workflow "Kiểm duyệt nội dung" on the whole page tree (cms/editors.py)."""

from django.db import migrations

from cms.editors import ensure_editor_setup
from core.permissions import create_app_permissions


def forwards(apps, schema_editor):
    create_app_permissions(
        apps,
        "wagtailadmin",
        "wagtailcore",
        "wagtailimages",
        "wagtaildocs",
        "cms",
        "simple_translation",
    )
    ensure_editor_setup(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_promotional_site"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
