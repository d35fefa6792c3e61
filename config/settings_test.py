"""Test settings: the real settings, with isolation that tests need.

The database still comes from DATABASE_URL (PostgreSQL in CI). Celery runs eagerly and the
cache is per-process unless a service test opts into the real Redis broker or cache.
"""

import re

from config.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CATALOG_VIEW_FLUSH_SECONDS = 0  # product views written at once (catalog.product_views)
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".local" / "test-media"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file (not :memory:) so `pytest --reuse-db` can skip the 30 s of migrations locally.
    # CHOSO_TEST_DB names the file, so parallel runs in one checkout keep their own database.
    name = env.str("CHOSO_TEST_DB", default="test-db")  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".local" / f"{name}.sqlite3")}  # noqa: F405
elif env.str("CHOSO_TEST_DB", default=""):  # noqa: F405
    # On a server, CHOSO_TEST_DB names a test database of its own (test_<database>_<name>):
    # the benchmarks keep theirs apart from pytest's, whose transactional tests empty it
    # (the rows data migrations made, Wagtail's root collection among them, go too).
    suffix = re.sub(r"\W", "_", env.str("CHOSO_TEST_DB"))  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{suffix}"}  # noqa: F405
