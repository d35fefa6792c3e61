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
# slow example into a failure. CI (REQUIRE_SERVICES=1) draws the same examples on every run, so
# a landing is judged on the code, not on the draw; a local run draws new ones each time and
# keeps what failed in .hypothesis/ (the deeper search is `make fuzz`).
hypothesis_settings.register_profile(
    "choso", deadline=None, derandomize=os.environ.get("REQUIRE_SERVICES") == "1"
)
hypothesis_settings.load_profile("choso")

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = ROOT / "tests" / "data"  # public reference data, copied into the project
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


#: Fixtures of tests that start servers, workers or a browser, or use the machine's Redis.
SERIAL_FIXTURES = {
    "browser",
    "live_server",
    "redis_url",
    "throwaway_redis",
    "broker",
    "celery_worker",
    "celery_worker_for_db",
    "localstripe_server",
}


def pytest_collection_modifyitems(config, items):
    """`make test` spreads the suite over the cores (pytest-xdist, ``--dist loadgroup``).
    The tests that start servers, workers or Chromium, or share the machine's Redis, form one
    group that runs on one worker, one after another: they never race each other for a queue
    or a key, and their timeouts are never squeezed by a second browser or worker."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        marked = item.get_closest_marker("services") or item.get_closest_marker("e2e")
        if marked or fixtures & SERIAL_FIXTURES:
            item.add_marker(pytest.mark.xdist_group("services"))


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """What the data migrations make (role groups, Viet Nam, product classes, Thái Nguyên's
    units), put back in a database reused with ``--reuse-db``: the last run's transactional
    tests emptied it. A new test database has them from the migrations alone, as
    tests/core/test_production_data.py checks (CI never reuses one)."""
    if request.config.getoption("reuse_db", False):
        from catalog.product_classes import ensure_product_classes
        from core.permissions import ensure_groups
        from fulfilment.shipping import ensure_shipping_country
        from market.units import ensure_initial_units

        with django_db_blocker.unblock():
            ensure_groups()
            ensure_shipping_country()
            ensure_product_classes()
            ensure_initial_units()
    return django_db_setup


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


class RedisServer:
    """A redis-server this test started itself: loopback, a free port, nothing kept on disk.

    Tests that stop Redis, or need an empty broker, use one of these, never the machine's.
    ``stop()`` and ``start()`` may be called in turn (same port, so clients reconnect).
    """

    def __init__(self, binary: str, directory: Path):
        self.binary, self.directory = binary, directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        if not wait_for_port(self.port):
            self.stop()
            pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def throwaway_redis(redis_server_binary, tmp_path):
    server = RedisServer(redis_server_binary, tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def use_broker(**conf) -> None:
    """Point this process's Celery app at another broker (and eager mode on or off)."""
    from kombu import pools

    from config.celery_app import app
    from payments.bankfeed import tasks

    app.conf.update(**conf)
    tasks.forget_broker()  # the drain key's client follows the broker
    # Celery caches broker connection pools (kombu's registry and the app's own reference):
    # drop them so the next task goes to the new URL.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)  # the result backend is cached per thread too


@pytest.fixture
def broker(throwaway_redis):
    """The site sends tasks to a Redis of this test's own instead of running them in-process."""
    use_broker(broker_url=throwaway_redis.url, task_always_eager=False)
    try:
        yield throwaway_redis
    finally:
        use_broker(broker_url="memory://", task_always_eager=True)


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
def celery_worker_for_db(broker, tmp_path):
    """Factory: start real Celery workers on the test's own broker that read and write the
    test database.

    Use with ``pytest.mark.django_db(transaction=True)`` so the worker sees committed rows.
    ``start(settings_module=...)`` returns the process; all are stopped after the test, and
    their output is in ``process.log_path``.
    """
    workers = []

    def start(settings_module: str = "config.settings") -> subprocess.Popen:
        env = {
            **os.environ,
            "REDIS_URL": broker.url,
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
