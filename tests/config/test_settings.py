"""Production settings refuse to start insecurely, and pass Django's deployment check."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k3J9v0Qx-7uT2mZpL8wY4rN6bC1sD5eF0gH3jK7lM9nP2qR4tV6xZ8aB0cE2gI4",
    "DATABASE_URL": "postgres://choso@127.0.0.1:5432/choso",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "choso.example.vn",
    "SITE_URL": "https://choso.example.vn",
    "BANK_FEED_SEPAY_SECRET": "sepay-7f3a9c0e1b2d4c6e8a0b1c2d3e4f5a6b",
    "BANK_FEED_CASSO_SECRET": "casso-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    "SHOP_BANK_BIN": "970415",
    "SHOP_BANK_ACCOUNT": "113000123456",
    "SHOP_BANK_HOLDER": "CONG TY CO PHAN CHO SO THAI NGUYEN",
}


def manage(*args: str, env: dict[str, str]):
    # A clean production-like environment: no test-only switches (the browser fixture sets
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which --deploy rightly refuses).
    dropped = {
        *PRODUCTION_ENV,
        "DJANGO_ENV",
        "STRIPE_SECRET_KEY",
        "STRIPE_PUBLISHABLE_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DEBUG",
    }
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_required_variables_fails_clearly():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in ("SECRET_KEY", "REDIS_URL")}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "REDIS_URL" in result.stderr
    assert "DJANGO_ENV=production needs" in result.stderr


def test_seed_demo_refuses_production():
    result = manage("seed_demo", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "refuses" in result.stderr


def test_production_without_bank_account_or_bank_feed_secrets_refuses_to_start():
    names = (
        "SHOP_BANK_BIN",
        "SHOP_BANK_ACCOUNT",
        "SHOP_BANK_HOLDER",
        "BANK_FEED_SEPAY_SECRET",
        "BANK_FEED_CASSO_SECRET",
    )
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in names}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    line = next(x for x in result.stderr.splitlines() if "DJANGO_ENV=production needs" in x)
    assert all(name in line for name in names), line


def test_production_refuses_the_development_values_printed_in_the_readme():
    env = {
        **PRODUCTION_ENV,
        "BANK_FEED_SEPAY_SECRET": "dev-sepay-secret",
        "BANK_FEED_CASSO_SECRET": "dev-casso-secret",
        "SHOP_BANK_BIN": "970436",
        "SHOP_BANK_ACCOUNT": "1023-456-789",  # the demo account, written with dashes
        "STRIPE_SECRET_KEY": "sk_test_local",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_local",
        "STRIPE_WEBHOOK_SECRET": "whsec_local",
    }
    result = manage("check", env=env)
    assert result.returncode != 0
    line = next(x for x in result.stderr.splitlines() if "development values" in x)
    for name in (
        "SHOP_BANK_ACCOUNT",
        "BANK_FEED_SEPAY_SECRET",
        "BANK_FEED_CASSO_SECRET",
        "STRIPE_SECRET_KEY",
        "STRIPE_PUBLISHABLE_KEY",
        "STRIPE_WEBHOOK_SECRET",
    ):
        assert name in line, line


def test_production_refuses_a_bin_not_in_the_napas_registry():
    result = manage("check", env={**PRODUCTION_ENV, "SHOP_BANK_BIN": "999999"})
    assert result.returncode != 0
    assert "SHOP_BANK_BIN / SHOP_BANK_ACCOUNT: No bank with BIN '999999'" in result.stderr


def test_the_embedded_default_still_runs_on_the_development_values():
    result = manage("check", "--deploy", env={})
    assert result.returncode == 0, result.stderr
    assert "ImproperlyConfigured" not in result.stderr


def test_check_deploy_warns_when_a_bank_feed_secret_is_emptied_outside_production():
    result = manage("check", "--deploy", env={"BANK_FEED_CASSO_SECRET": ""})
    assert "payments.W002" in result.stderr + result.stdout
    assert "BANK_FEED_CASSO_SECRET" in result.stderr + result.stdout


def database_settings(env: dict[str, str]) -> dict:
    """The test settings' default database, read in a process of its own."""
    code = (
        "import json, config.settings_test as s; "
        "print(json.dumps({k: s.DATABASES['default'].get(k) for k in ('NAME', 'TEST')}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CHOSO_TEST_DB")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_choso_test_db_names_a_postgresql_test_database_of_its_own():
    """The benchmarks on PostgreSQL once shared pytest's test database, which pytest's
    transactional tests empty: the CMS benchmark then found no Wagtail root collection."""
    server = "postgres://postgres@127.0.0.1:5432/choso"

    assert database_settings({"DATABASE_URL": server, "CHOSO_TEST_DB": "bench-cms"})["TEST"] == {
        "NAME": "test_choso_bench_cms"
    }
    assert not database_settings({"DATABASE_URL": server})["TEST"]  # pytest's own: test_choso
    sqlite = database_settings({"CHOSO_TEST_DB": "bench"})["TEST"]["NAME"]
    assert sqlite.endswith("/.local/bench.sqlite3")
