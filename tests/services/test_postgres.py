"""The suite runs on PostgreSQL when DATABASE_URL points at it (always in CI)."""

import pytest

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_database_is_postgresql_with_migrations_applied(postgres):
    with postgres.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        assert cursor.fetchone()[0] >= 150000
        cursor.execute("SELECT to_regclass('catalogue_product'), to_regclass('catalog_producer')")
        assert all(cursor.fetchone())
