"""Viet Nam as Oscar's shipping country (fulfilment/shipping.py): checkout needs it, and a
production install gets it without demo data. Going back keeps it (addresses refer to it)."""

from django.db import migrations

from fulfilment.shipping import ensure_shipping_country


def create_viet_nam(apps, schema_editor):
    ensure_shipping_country(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("fulfilment", "0002_money_exactly_once"),
        ("address", "0007_useraddress_code"),
    ]

    operations = [migrations.RunPython(create_viet_nam, migrations.RunPython.noop)]
