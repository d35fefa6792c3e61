"""Producers move to the 2025 two-level map: province (from their old district) and commune;
a producer with no commune keeps the old district's name as ``former_district``."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    Producer = apps.get_model("catalog", "Producer")
    for producer in Producer.objects.select_related("district").order_by("pk"):
        producer.province_id = producer.district.province_id
        # A commune carries its own former district (market 0004); only the others need it.
        producer.former_district = "" if producer.commune_id else producer.district.name
        producer.save(update_fields=["province", "former_district"])


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0004_certification_ocop_stars_not_null"),
        ("market", "0004_two_levels_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="producer",
            name="province",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="producers", to="market.province", verbose_name="province"),
        ),
        migrations.AddField(
            model_name="producer",
            name="former_district",
            field=models.CharField(blank=True, help_text="Before 2025, when no commune is set (a commune carries its own).", max_length=150, verbose_name="former district"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
