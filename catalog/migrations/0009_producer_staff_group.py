"""The "Producer staff" group with Oscar's partner dashboard permission, so a producer's users
reach their own products, stock and order lines in the dashboard on a production install."""

from django.db import migrations

from core.permissions import PRODUCER_GROUP, create_app_permissions, ensure_groups


def create_producer_staff_group(apps, schema_editor):
    # On a fresh database Django has not made the permissions yet (it does after migrate).
    create_app_permissions(apps, "partner")
    ensure_groups(PRODUCER_GROUP, apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_product_classes_and_gtin"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partner", "0007_partneraddress_code"),
    ]

    # Going back keeps the group: deleting it would silently drop every producer's membership.
    operations = [migrations.RunPython(create_producer_staff_group, migrations.RunPython.noop)]
