"""The shop's product classes (tea, farm produce) with their attributes and the GTIN attribute:
a production install needs them before the first product is listed, without demo data.

It calls today's ``ensure_product_classes`` with this migration's models; if that function ever
needs fields these models lack, freeze a copy of today's version here.
"""

from django.db import migrations

from catalog.product_classes import ensure_product_classes


def create_product_classes(apps, schema_editor):
    ensure_product_classes(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_producer_history"),
        ("catalogue", "0032_category_exclude_from_menu_category_long_description"),
    ]

    # Going back leaves them: by then products may belong to these classes.
    operations = [migrations.RunPython(create_product_classes, migrations.RunPython.noop)]
