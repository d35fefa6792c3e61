"""Production settings refuse to start insecurely, and pass Django's deployment check."""

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
}


def manage(*args: str, env: dict[str, str]):
    # A clean production-like environment: no test-only switches (the browser fixture sets
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which --deploy rightly refuses).
    dropped = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
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


def test_check_deploy_warns_when_a_bank_feed_secret_is_missing():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "BANK_FEED_CASSO_SECRET"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "payments.W002" in result.stderr + result.stdout
    assert "BANK_FEED_CASSO_SECRET" in result.stderr + result.stdout
