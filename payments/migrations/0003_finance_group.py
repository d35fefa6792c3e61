"""The "Finance" group: the people who may move money (refunds, payouts, bank-transfer
decisions, cash). Staff status alone no longer lets anyone do these."""

from django.db import migrations

from core.permissions import (
    FINANCE_GROUP,
    FINANCE_PERMISSIONS,
    create_app_permissions,
    ensure_finance_group,
)


def create_finance_group(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    create_app_permissions(apps, *FINANCE_PERMISSIONS)
    ensure_finance_group(apps=apps)


def remove_finance_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=FINANCE_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("payments", "0002_money_exactly_once"),
        ("fulfilment", "0002_money_exactly_once"),
    ]

    operations = [migrations.RunPython(create_finance_group, remove_finance_group)]
