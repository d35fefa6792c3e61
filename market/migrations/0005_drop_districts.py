import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("market", "0004_two_levels_data"),
        ("catalog", "0006_remove_producer_district"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="commune",
            name="commune_unique_slug",
        ),
        migrations.AlterModelOptions(
            name="commune",
            options={"ordering": ["province__name", "name"], "verbose_name": "commune / ward", "verbose_name_plural": "communes / wards"},
        ),
        migrations.RemoveField(
            model_name="commune",
            name="district",
        ),
        migrations.DeleteModel(
            name="District",
        ),
        migrations.AlterField(
            model_name="commune",
            name="province",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="communes", to="market.province", verbose_name="province"),
        ),
        migrations.AddConstraint(
            model_name="commune",
            constraint=models.UniqueConstraint(fields=("province", "slug"), name="commune_unique_slug_2025"),
        ),
        migrations.AlterField(
            model_name="stall",
            name="goods_category",
            field=models.CharField(choices=[("tea", "Tea"), ("vegetables", "Vegetables"), ("fruit", "Fruit"), ("meat", "Meat"), ("poultry_eggs", "Poultry and eggs"), ("fish", "Fish and seafood"), ("rice", "Rice and grains"), ("specialities", "Local specialities"), ("food", "Cooked food and drinks"), ("groceries", "Groceries"), ("clothing", "Clothing and fabric"), ("household", "Household goods"), ("other", "Other")], default="other", max_length=20, verbose_name="goods category"),
        ),
        migrations.AddConstraint(
            model_name="stall",
            constraint=models.CheckConstraint(condition=models.Q(models.Q(("closed_on__isnull", True), ("is_active", True)), models.Q(("closed_on__isnull", False), ("is_active", False)), _connector="OR"), name="stall_closed_has_date"),
        ),
        migrations.AlterModelOptions(
            name="market",
            options={"ordering": ["name"], "verbose_name": "market", "verbose_name_plural": "markets"},
        ),
        migrations.AlterModelOptions(
            name="province",
            options={"ordering": ["name"], "verbose_name": "province", "verbose_name_plural": "provinces"},
        ),
        migrations.AlterModelOptions(
            name="stall",
            options={"ordering": ["market__name", "code"], "verbose_name": "stall", "verbose_name_plural": "stalls"},
        ),
        migrations.AlterField(
            model_name="stall",
            name="code",
            field=models.CharField(help_text="Letters, digits and dashes, e.g. HS-01.", max_length=20, verbose_name="stall code"),
        ),
        migrations.AlterField(
            model_name="stall",
            name="stallholder",
            field=models.ForeignKey(blank=True, help_text="The sign-in account the stallholder uses on their phone, if any.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="stalls", to=settings.AUTH_USER_MODEL, verbose_name="stallholder's account"),
        ),
    ]
