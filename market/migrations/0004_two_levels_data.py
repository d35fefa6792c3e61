"""Data for the 2025 two-level map: every commune moves under its district's province and keeps
the district's name as ``former_district``; free-text goods categories become categories;
closed stalls get a closing date."""

from django.db import migrations
from django.utils import timezone

from core.text import fold, slugify

# Folded free-text category (as the old demo and boards typed it) → GoodsCategory value.
CATEGORY_WORDS = {
    "che": "tea", "tra": "tea", "tea": "tea",
    "rau": "vegetables", "rau cu": "vegetables", "vegetables": "vegetables",
    "hoa qua": "fruit", "trai cay": "fruit", "qua": "fruit", "fruit": "fruit",
    "thit": "meat", "meat": "meat",
    "gia cam": "poultry_eggs", "trung": "poultry_eggs", "ga": "poultry_eggs",
    "thuy san": "fish", "ca": "fish", "hai san": "fish", "fish": "fish",
    "gao": "rice", "ngu coc": "rice", "rice": "rice",
    "dac san": "specialities", "specialities": "specialities",
    "an uong": "food", "do an": "food", "food": "food",
    "tap hoa": "groceries", "groceries": "groceries",
    "quan ao": "clothing", "vai": "clothing", "clothing": "clothing",
    "gia dung": "household", "do gia dung": "household", "household": "household",
}  # fmt: skip


def forwards(apps, schema_editor):
    Commune = apps.get_model("market", "Commune")
    Stall = apps.get_model("market", "Stall")
    taken: set[tuple[int, str]] = set()
    for commune in Commune.objects.select_related("district__province").order_by("pk"):
        district = commune.district
        commune.province_id = district.province_id
        commune.former_district = district.name
        # Two old districts may each have had a "Tân Lập": inside one province the slug must now
        # be unique, so a clash is told apart by its former district.
        slug = commune.slug
        if (commune.province_id, slug) in taken:
            slug = f"{slug}-{slugify(district.name)}"[:100]
        n = 2
        while (commune.province_id, slug) in taken:
            slug = f"{commune.slug}-{n}"
            n += 1
        commune.slug = slug
        taken.add((commune.province_id, slug))
        commune.save(update_fields=["province", "former_district", "slug"])
    today = timezone.localdate()
    for stall in Stall.objects.order_by("pk"):
        words = fold(stall.goods_category or "")
        stall.goods_category = CATEGORY_WORDS.get(words, "other")
        if not stall.is_active and stall.closed_on is None:
            stall.closed_on = today
        stall.save(update_fields=["goods_category", "closed_on"])


class Migration(migrations.Migration):

    dependencies = [
        ("market", "0003_two_levels_stall_register"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
