"""Benchmark: queries per page, with ten times the data, and the bytes each page costs a phone.

Run from the project root: ``.venv/bin/python bench/bench_pages.py [--requests N]``. It builds a
throw-away test database (``.local/bench-pages.sqlite3``; PostgreSQL's ``test_…`` database
when ``DATABASE_URL`` is set) and, inside a transaction rolled back at the end, a small world:
the promotional home page, 12 products, a market with 20 stalls and their sales, a traceability
code, a stallholder. Then, with the Django test client (in-process):

- **queries per page** for home, catalogue, product, scan and board pages (the most of
  ``--requests`` anonymous or signed-in requests after one warm-up request) — and again after
  adding ten times the products, stalls and sales. ``queries_growth`` is the largest increase:
  the goal is 0 (the count must not depend on the amount of data).
- **page bytes** of a first visit without photos for home, catalogue, product, thank-you (a guest
  VietQR order), scan and the stall app: the HTML plus every stylesheet and script the page
  links (read from the static files), uncompressed, and the number of requests that makes.
  Goal ≤ 60,000 bytes each, the scan page ≤ 30,000.
"""

# ruff: noqa: E402  (imports follow the sys.path and settings lines)
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("CHOSO_TEST_DB", "bench-pages")

import argparse
import datetime as dt
import re
import shutil
import tempfile
import uuid
import warnings

import django

django.setup()
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
from django.utils import timezone

from bench.report import record

PAGE_BUDGET, SCAN_BUDGET = 60_000, 30_000
ASSET = re.compile(
    r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"|<script[^>]+src="([^"]+)"', re.IGNORECASE
)


class Rollback(Exception):
    pass


def grow(*, products: int, stalls: int, sales: int, market, tag: str) -> None:
    """More products (on sale, certified), stalls and a day of sales in ``market``."""
    from market.models import Sale, Stall
    from tests import factories

    for index in range(products):
        product = factories.product(title=f"Chè búp {tag} {index}", price=50_000 + index * 1_000)
        if index % 2 == 0:
            factories.certification(product=product, stars=4, number=f"OCOP-{tag}-{index}")
    made = Stall.objects.bulk_create(
        Stall(
            market=market,
            code=f"{tag}-{index:03d}",
            name=f"Quầy {index}",
            stallholder_name="Nguyễn Thị Hoa",
            goods_category="vegetables",
        )
        for index in range(stalls)
    )
    now = timezone.now()
    Sale.objects.bulk_create(
        Sale(
            stall=made[index % len(made)],
            amount=10_000 + index,
            at=now - dt.timedelta(minutes=index),
            source="cash",
            cash_token=uuid.uuid4(),
        )
        for index in range(sales)
    )


def build():
    """The small world; returns (paths, users, market)."""
    from cms.demo import seed_site
    from market import rollups
    from market.models import Stall
    from tests.market import builders as market_builders
    from tests.traceability import builders

    seed_site()
    world = market_builders.world()
    market = world.market_a
    grow(products=12, stalls=20, sales=200, market=market, tag="S")
    lot = builders.lot()
    code = builders.code(lot, serial="HB3F8N2R6T")
    rollups.compute_day(timezone.localdate())
    product = lot.product
    stall = Stall.objects.get(market=market, code="A-01")
    paths = {
        "home": "/",
        "catalogue": "/shop/catalogue/",
        "product": product.get_absolute_url(),
        "scan": f"/01/{code.gtin}/10/{code.lot_code}/21/{code.serial}",
        "board": f"/markets/{market.slug}/board/",
        "stall app": f"/stall/{market.slug}/{stall.code}/",
    }
    return paths, world.users, market


def client_for(page: str, users) -> Client:
    client = Client()
    if page == "board":
        client.force_login(users["board_a"])
    elif page == "stall app":
        client.force_login(users["stallholder"])
    return client


def queries(paths, users, requests: int) -> dict[str, int]:
    counts = {}
    for page in ("home", "catalogue", "product", "scan", "board"):
        client = client_for(page, users)
        cache.clear()
        assert client.get(paths[page]).status_code == 200  # warm-up: renditions, caches
        most = 0
        for _ in range(requests):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(paths[page])
            assert response.status_code == 200, (page, response.status_code)
            most = max(most, len(captured))
        counts[page] = most
    return counts


def asset_bytes(html: str) -> tuple[int, int]:
    """Bytes and count of the stylesheets and scripts ``html`` links (static files)."""
    total, count = 0, 0
    for css, js in ASSET.findall(html):
        url = (css or js).split("?")[0]
        if not url.startswith("/static/"):
            continue
        path = finders.find(url.removeprefix("/static/"))
        assert path, f"{url} not found"
        total += Path(path).stat().st_size
        count += 1
    return total, count


def weights(paths, users) -> dict[str, dict[str, int]]:
    from oscar.core.loading import get_model

    from tests.payments.test_checkout import checkout

    Country = get_model("address", "Country")
    Country.objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={"printable_name": "Việt Nam", "name": "Việt Nam", "is_shipping_country": True},
    )
    pages = {}
    for page in ("home", "catalogue", "product", "scan", "stall app"):
        html = client_for(page, users).get(paths[page]).content
        pages[page] = html
    _order, thank_you, _product = checkout(Client(), "vietqr", price=150_000)
    pages["thank-you"] = thank_you.content
    result = {}
    for page, html in pages.items():
        extra, count = asset_bytes(html.decode())
        result[page] = {"html": len(html), "assets": extra, "bytes": len(html) + extra,
                        "requests": 1 + count}  # fmt: skip
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5, help="requests per page (5)")
    args = parser.parse_args()

    setup_test_environment(debug=False)
    name = connection.creation.create_test_db(verbosity=0, keepdb=True)
    (ROOT / ".local").mkdir(exist_ok=True)
    media = tempfile.mkdtemp(prefix="bench-pages-media-", dir=ROOT / ".local")
    try:
        with override_settings(MEDIA_ROOT=media):
            try:
                with transaction.atomic():
                    paths, users, market = build()
                    small = queries(paths, users, args.requests)
                    page_weights = weights(paths, users)
                    grow(products=120, stalls=200, sales=2_000, market=market, tag="L")
                    large = queries(paths, users, args.requests)
                    raise Rollback
            except Rollback:
                pass
    finally:
        cache.clear()
        shutil.rmtree(media, ignore_errors=True)
        if connection.vendor != "sqlite":
            connection.creation.destroy_test_db(name, verbosity=0, keepdb=True)
    print(f"Pages benchmark: {connection.vendor}, test client, most queries of {args.requests}")
    print(f"{'page':<12} {'queries':>8} {'×10 data':>9}")
    for page in small:
        print(f"{page:<12} {small[page]:>8} {large[page]:>9}")
    growth = max(large[page] - small[page] for page in small)
    print(f"\n{'page':<12} {'HTML':>8} {'CSS+JS':>8} {'bytes':>8} {'requests':>9}")
    for page, weight in page_weights.items():
        print(
            f"{page:<12} {weight['html']:>8,} {weight['assets']:>8,} {weight['bytes']:>8,}"
            f" {weight['requests']:>9}"
        )
    heaviest = max(weight["bytes"] for weight in page_weights.values())
    scan = page_weights["scan"]["bytes"]
    record("queries_growth", growth, small=small, large=large)
    record("queries_per_page", large)
    record("page_bytes_max", heaviest, pages=page_weights)
    record("page_bytes", {page: weight["bytes"] for page, weight in page_weights.items()})
    failed = growth > 0 or heaviest > PAGE_BUDGET or scan > SCAN_BUDGET
    print(
        f"query growth {growth} (goal 0); heaviest page {heaviest:,} B (≤ {PAGE_BUDGET:,}); "
        f"scan {scan:,} B (≤ {SCAN_BUDGET:,})"
    )
    if failed:
        print("FAIL: a goal is missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
