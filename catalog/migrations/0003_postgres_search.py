"""PostgreSQL only: pg_trgm and trigram indexes for product search. A no-op on SQLite."""

from django.db import migrations

INDEXES = {
    "catalog_search_title_trgm": "title_text",
    "catalog_search_body_trgm": "body_text",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON catalog_productsearchentry "
            f"USING gin ({column} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_producer_bank_certifications_search")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
