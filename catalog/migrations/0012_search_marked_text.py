"""Product search keeps a copy of each product's text with its diacritics, so a word typed
with them ("chè") matches only those letters; the existing entries are filled in."""

from django.db import migrations, models


def fill_marked_text(apps, schema_editor):
    # The search index is derived data: rebuilding it with today's code is how it is always
    # refreshed (``product_search_rebuild``), so this does not copy that code here. Nothing to
    # do on a new database.
    ProductSearchEntry = apps.get_model("catalog", "ProductSearchEntry")
    if not ProductSearchEntry.objects.exists():
        return
    from catalog.services import product_search_rebuild

    product_search_rebuild()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0011_partner_history")]

    operations = [
        migrations.AddField(
            model_name="productsearchentry",
            name="title_marked",
            field=models.TextField(default=""),
        ),
        migrations.AddField(
            model_name="productsearchentry",
            name="body_marked",
            field=models.TextField(default=""),
        ),
        migrations.RunPython(fill_marked_text, migrations.RunPython.noop, elidable=True),
    ]
