"""Benchmark: requests/s of the public scan page (cached and uncached) vs the shop's product page.

Run from the project root: ``.venv/bin/python bench/bench_scan_page.py [--requests N]``.
It builds a throw-away test database (``.local/bench-scan.sqlite3``, kept between runs so the
migrations run once; PostgreSQL's ``test_…`` database when ``DATABASE_URL`` is set) and, inside
a transaction that is rolled back at the end, one tea product as a shopper finds it: photo,
producer with a Chợ 4.0 stall, OCOP certificate, a lot made from a fresh-leaf lot (picked →
pan-fired → received), and one serialised code. Media (photo and its renditions) go to a
temporary folder under ``.local/`` that is removed at the end.

With the Django test client (in-process, ``DEBUG`` off as in production), requests of three
cases are interleaved, so a busy machine slows them alike:

- scan, cached: ``GET /01/<gtin>/10/<lot>/21/<serial>`` from the server-side cache
  (``TRACE_PAGE_CACHE_SECONDS``), what shoppers scanning a popular code get;
- scan, uncached: the same page with the server-side cache off (rendered every time);
- product page: Oscar's ``/shop/catalogue/<slug>_<pk>/`` of the same product.

Prints the median time, requests/s (1 / median) and the HTML size of each, the ratios scan/product,
and exits 1 if the cached scan page makes fewer than 3× the product page's requests/s (the scan
page's HTML size is printed against its 30 KB budget, which tests/traceability enforces).
"""

# ruff: noqa: E402  (imports follow the sys.path and settings lines)
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("CHOSO_TEST_DB", "bench-scan")

import argparse
import platform
import shutil
import statistics
import tempfile
import time
import warnings

import django

django.setup()
# WhiteNoise warns that collectstatic has not run: the pages' own static files are not fetched.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings, setup_test_environment

TARGET_RATIO = 3.0  # cached scan page requests/s ≥ 3 × product page's
PAGE_BUDGET = 30 * 1024  # scan page HTML (CSS inline), without the photo
CASES = ("scan, cached", "scan, uncached", "product page")


class Rollback(Exception):
    pass


def fill() -> tuple[str, str]:
    """One tea product with everything its scan page shows; its scan and product paths."""
    from django.contrib.auth import get_user_model

    from market.models import Market, Stall
    from tests import factories
    from tests.traceability import builders

    product = builders.tea_product(image=True)
    lot = builders.lot(product=product)  # with its fresh-leaf lot and three events
    producer = lot.producer
    factories.certification(product=product, stars=4, number="OCOP-TN-BENCH")
    stallholder = get_user_model().objects.create_user("bench.farmer", "f@example.vn", "x")
    producer.partner.users.add(stallholder)
    market = Market.objects.create(
        name="Chợ Hùng Sơn", slug="bench-hung-son", commune=factories.commune()
    )
    Stall.objects.create(
        market=market,
        code="HS-08",
        name="Chè Tân Cương",
        goods_category="tea",
        stallholder_name="Nguyễn Thị Hoa",
        stallholder=stallholder,
    )
    code = builders.code(lot, serial="HB3F8N2R6T")
    scan = f"/01/{code.gtin}/10/{code.lot_code}/21/{code.serial}"
    return scan, product.get_absolute_url()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def measure(requests: int) -> dict[str, tuple[float, int, float]]:
    """Median seconds and HTML size of each case, their requests interleaved."""
    result: dict[str, tuple[float, int]] = {}
    try:
        with transaction.atomic():
            scan, shop = fill()
            print(f"  scan page:    {scan}\n  product page: {shop}")
            client = Client()  # anonymous, like a shopper
            cache.clear()
            for path in (scan, shop):  # warm-up: templates, renditions, the page in the cache
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
            assert b"HB3F8N2R6T" in client.get(scan).content  # the code's own page
            times: dict[str, list[float]] = {name: [] for name in CASES}
            sizes: dict[str, int] = {}
            for _ in range(requests):
                for name in CASES:
                    path = shop if name == "product page" else scan
                    uncached = override_settings(TRACE_PAGE_CACHE_SECONDS=0)
                    if name == "scan, uncached":
                        uncached.enable()
                    try:
                        start = time.perf_counter()
                        response = client.get(path)
                        times[name].append(time.perf_counter() - start)
                    finally:
                        if name == "scan, uncached":
                            uncached.disable()
                    assert response.status_code == 200, (name, response.status_code)
                    sizes[name] = len(response.content)
            result = {
                name: (statistics.median(times[name]), sizes[name], p95(times[name]))
                for name in CASES
            }
            raise Rollback
    except Rollback:
        pass
    finally:
        cache.clear()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="timed requests per case (300)")
    args = parser.parse_args()

    setup_test_environment(debug=False)
    name = connection.creation.create_test_db(verbosity=0, keepdb=True)
    (ROOT / ".local").mkdir(exist_ok=True)
    media = tempfile.mkdtemp(prefix="bench-scan-media-", dir=ROOT / ".local")
    try:
        print(
            f"Scan page benchmark: {connection.vendor} ({Path(name).name}), "
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"median of {args.requests} requests per case, test client (in-process)"
        )
        with override_settings(MEDIA_ROOT=media):
            figures = measure(args.requests)
    finally:
        shutil.rmtree(media, ignore_errors=True)
        if connection.vendor != "sqlite":
            connection.creation.destroy_test_db(name, verbosity=0, keepdb=True)
    print(f"{'case':<16} {'ms':>8} {'p95 ms':>8} {'req/s':>8} {'KB':>6}")
    for case in CASES:
        seconds, size, slow = figures[case]
        print(
            f"{case:<16} {seconds * 1e3:>8.2f} {slow * 1e3:>8.2f} {1 / seconds:>8.1f}"
            f" {size / 1024:>6.1f}"
        )
    product = figures["product page"][0]
    cached = product / figures["scan, cached"][0]
    uncached = product / figures["scan, uncached"][0]
    size = figures["scan, cached"][1]
    print(
        f"scan/product requests/s: cached ×{cached:.1f} (target ≥ ×{TARGET_RATIO:.0f}), "
        f"uncached ×{uncached:.2f}"
    )
    print(f"scan page HTML {size / 1024:.1f} KB (target ≤ {PAGE_BUDGET // 1024} KB)")
    from bench.report import record

    record(
        "scan_page_rps_ratio",
        round(cached, 2),
        uncached_ratio=round(uncached, 2),
        median_ms={case: round(figures[case][0] * 1e3, 3) for case in CASES},
        p95_ms={case: round(figures[case][2] * 1e3, 3) for case in CASES},
        requests=args.requests,
    )
    record("scan_page_bytes", size, html_bytes=size, css="inline")
    if size > PAGE_BUDGET:
        print("note: scan page HTML above budget", file=sys.stderr)
    if cached < TARGET_RATIO:
        print("FAIL: cached scan page below target ratio", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
