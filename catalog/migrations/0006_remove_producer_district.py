import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0005_producer_province_two_levels"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="producer",
            name="district",
        ),
        migrations.AlterField(
            model_name="producer",
            name="province",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="producers", to="market.province", verbose_name="province"),
        ),
        migrations.AlterField(
            model_name="producer",
            name="commune",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to="market.commune", verbose_name="commune / ward"),
        ),
    ]
