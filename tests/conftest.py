"""Shared fixtures. Service fixtures skip when a service is missing, or fail with
REQUIRE_SERVICES=1 (CI), so a missing PostgreSQL, Redis, worker or browser never hides."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Speed is measured by `make bench`, not per example: a loaded CI machine must not turn a
# slow example into a failure.
hypothesis_settings.register_profile("choso", deadline=None)
hypothesis_settings.load_profile("choso")

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-sandbox",
    "--disable-gpu",
]


def require(service: str, available: bool, reason: str) -> None:
    """Skip (developer laptop) or fail (REQUIRE_SERVICES=1) when a service is missing."""
    if available:
        return
    message = f"{service} is not available: {reason}"
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {message}", pytrace=False)
    pytest.skip(message)


def in_parallel(work, count: int = 8) -> list:
    """Run ``work(i)`` in ``count`` threads released together (a race on purpose).

    Each thread closes its own database connection; results come back in index order.
    """
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait(timeout=30)
            return work(index)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    available, reason = bool(url), "REDIS_URL is not set"
    if url:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            available, reason = False, f"{url} does not answer ({exc})"
    require("Redis", available, reason)
    return url


@pytest.fixture
def postgres(django_db_setup, django_db_blocker):
    from django.db import connection

    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        f"the test database is {connection.vendor}; set DATABASE_URL=postgres://…",
    )
    return connection


@pytest.fixture
def redis_server_binary() -> str:
    path = shutil.which("redis-server") or ""
    require("redis-server", bool(path), "the redis-server program is not installed")
    return path


def _start_celery_worker(env: dict, stdout=subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=stdout,
        stderr=subprocess.STDOUT,
    )


def _stop_celery_worker(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


@pytest.fixture
def celery_worker(redis_url):
    """A real Celery worker process on the Redis broker; stopped after the test."""
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    worker = _start_celery_worker(env)
    try:
        yield worker
    finally:
        _stop_celery_worker(worker)


def shared_database_url() -> str:
    """DATABASE_URL of the database this test uses, for a subprocess (worker) to share it."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def celery_worker_for_db(redis_url, tmp_path):
    """Factory: start real Celery workers on Redis that read and write the test database.

    Use with ``pytest.mark.django_db(transaction=True)`` so the worker sees committed rows.
    ``start(settings_module=...)`` returns the process; all are stopped after the test, and
    their output is in ``process.log_path``.
    """
    workers = []

    def start(settings_module: str = "config.settings") -> subprocess.Popen:
        env = {
            **os.environ,
            "REDIS_URL": redis_url,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": shared_database_url(),
        }
        log_path = tmp_path / f"celery-worker-{len(workers)}.log"
        with open(log_path, "wb") as log:
            worker = _start_celery_worker(env, stdout=log)
        worker.log_path = log_path
        workers.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            if worker.poll() is None:
                _stop_celery_worker(worker)


@pytest.fixture(scope="session")
def browser():
    require("Chromium", Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A page in a phone-sized viewport (390 px wide), Vietnamese locale."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", device_scale_factor=1
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
