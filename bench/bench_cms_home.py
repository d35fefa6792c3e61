"""Benchmark: requests/s of the home page with every block, its live blocks from the fragment
cache vs rendered every time.

Run from the project root: ``.venv/bin/python bench/bench_cms_home.py [--requests N]``.
It builds a throw-away test database (``.local/bench-cms-home.sqlite3``, kept between runs so
the migrations run once; PostgreSQL's ``test_…`` database when ``DATABASE_URL`` is set) and,
inside a transaction rolled back at the end, a home page with every block: hero with photo,
image, gallery, 12 OCOP products with photos (of 30 on sale), a producer spotlight, a market's
and the province's adoption figures (5 markets, their rollups computed), the market map, two
FAQ blocks, banking apps, a call to action and the code lookup. Media go to a temporary folder
under ``.local/`` that is removed at the end.

With the Django test client (in-process, ``DEBUG`` off as in production), requests of the two
cases are interleaved, so a busy machine slows them alike:

- home, cached: the live blocks from the cache (``CMS_FRAGMENT_CACHE_SECONDS``), what every
  visitor gets between two changes of the data;
- home, uncached: the same page with the fragment cache off (every block rendered, its data
  read through the selectors).

Prints the median time, requests/s (1 / median), queries and HTML size of each, the ratio, and
exits 1 if the cached page makes fewer than 2× the uncached page's requests/s.
"""

# ruff: noqa: E402  (imports follow the sys.path and settings lines)
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("CHOSO_TEST_DB", "bench-cms-home")

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
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

TARGET_RATIO = 2.0  # cached home page requests/s ≥ 2 × uncached
CASES = ("home, cached", "home, uncached")


class Rollback(Exception):
    pass


def fill() -> None:
    """The home page with every block, and the data its live blocks show."""
    from wagtail.models import Locale

    from cms.snippets import BankApp, FAQEntry
    from tests import factories
    from tests.cms.helpers import figures_for, home_with, market, wagtail_image

    image = wagtail_image()
    producer = factories.producer()
    for n in range(30):
        product = factories.product(
            title=f"Chè Tân Cương số {n}", price=120000 + 5000 * n, image=n < 12
        )
        if n < 12:
            factories.certification(product=product, stars=3 + n % 3)
    markets = []
    for n in range(5):
        markets.append(
            market(
                f"Chợ số {n}", f"bench-cho-{n}", f"{21.55 + n / 30:.4f}", f"{105.6 + n / 20:.4f}"
            )
        )
        figures_for(markets[-1], stalls_with_qr=4 + n, stalls_without=2)
    locale = Locale.get_default()
    entries = [
        FAQEntry.objects.create(
            question=f"Câu hỏi {n}?", answer="<p>Trả lời.</p>", topic="paying", locale=locale
        )
        for n in range(6)
    ]
    for name in ("VCB Digibank", "Agribank E-Mobile", "MB Bank", "BIDV SmartBanking"):
        BankApp.objects.create(name=name, locale=locale, logo=image)
    link = [{"label": "Mua", "page": None, "url": "/shop/"}]
    home_with(
        [
            ("hero", {"image": image.pk, "heading": "Chợ Số", "text": "Chè", "actions": link}),
            ("image", {"image": image.pk, "caption": "Đồi chè", "alt": ""}),
            ("gallery", {"heading": "", "images": [{"image": image.pk, "caption": "", "alt": ""}]}),
            (
                "featured_products",
                {"heading": "OCOP", "products": [], "min_ocop_stars": 3, "count": 12},
            ),
            ("producer_spotlight", {"producer": producer.pk, "text": "", "story": None}),
            ("adoption_figures", {"heading": "Chợ", "market": markets[0].pk, "province": None}),
            ("adoption_figures", {"heading": "Tỉnh", "market": None, "province": None}),
            ("market_map", {"heading": "Bản đồ", "markets": []}),
            ("faq", {"heading": "Hỏi đáp", "entries": [e.pk for e in entries[:3]], "topic": None}),
            ("faq", {"heading": "Trả tiền", "entries": [], "topic": "paying"}),
            ("bank_apps", {"heading": "Ngân hàng"}),
            ("call_to_action", {"heading": "Đăng ký", "text": "", "actions": link}),
            ("trace_lookup", None),
        ]
    )


def measure(requests: int) -> dict[str, tuple[float, int, int]]:
    """Median seconds, queries and HTML size of each case, their requests interleaved."""
    result: dict[str, tuple[float, int, int]] = {}
    try:
        with transaction.atomic():
            fill()
            client = Client()  # anonymous, like a shopper
            cache.clear()
            for _ in range(2):  # warm-up: templates, renditions, thumbnails, the fragments
                response = client.get("/")
                assert response.status_code == 200, response.status_code
            assert response.content.count(b'class="product-card"') == 12 + 3
            times: dict[str, list[float]] = {name: [] for name in CASES}
            sizes: dict[str, int] = {}
            queries: dict[str, int] = {}
            for _ in range(requests):
                for name in CASES:
                    uncached = override_settings(CMS_FRAGMENT_CACHE_SECONDS=0)
                    if name == "home, uncached":
                        uncached.enable()
                    try:
                        with CaptureQueriesContext(connection) as captured:
                            start = time.perf_counter()
                            response = client.get("/")
                            times[name].append(time.perf_counter() - start)
                    finally:
                        if name == "home, uncached":
                            uncached.disable()
                    assert response.status_code == 200, (name, response.status_code)
                    sizes[name] = len(response.content)
                    queries[name] = len(captured)
            result = {
                name: (statistics.median(times[name]), queries[name], sizes[name]) for name in CASES
            }
            raise Rollback
    except Rollback:
        pass
    finally:
        cache.clear()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per case (200)")
    args = parser.parse_args()

    setup_test_environment(debug=False)
    name = connection.creation.create_test_db(verbosity=0, keepdb=True)
    (ROOT / ".local").mkdir(exist_ok=True)
    media = tempfile.mkdtemp(prefix="bench-cms-home-media-", dir=ROOT / ".local")
    try:
        print(
            f"Home page benchmark: {connection.vendor} ({Path(name).name}), "
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"median of {args.requests} requests per case, test client (in-process)"
        )
        with override_settings(MEDIA_ROOT=media, CMS_FRAGMENT_CACHE_SECONDS=600):
            figures = measure(args.requests)
    finally:
        shutil.rmtree(media, ignore_errors=True)
        if connection.vendor != "sqlite":
            connection.creation.destroy_test_db(name, verbosity=0, keepdb=True)
    print(f"{'case':<16} {'ms':>8} {'req/s':>8} {'queries':>8} {'KB':>6}")
    for case in CASES:
        seconds, queries, size = figures[case]
        print(
            f"{case:<16} {seconds * 1e3:>8.2f} {1 / seconds:>8.1f} {queries:>8} {size / 1024:>6.1f}"
        )
    ratio = figures["home, uncached"][0] / figures["home, cached"][0]
    print(f"cached/uncached requests/s: ×{ratio:.1f} (target ≥ ×{TARGET_RATIO:.0f})")
    css = sum((ROOT / "static" / "css" / f).stat().st_size for f in ("site.css", "cms.css"))
    total = figures["home, cached"][2] + css
    print(f"home page HTML + CSS {total / 1024:.1f} KB (budget 60 KB without photos)")
    from bench.report import record

    record(
        "cms_home_cache_ratio",
        round(ratio, 2),
        median_ms={case: round(figures[case][0] * 1e3, 2) for case in CASES},
        queries={case: figures[case][1] for case in CASES},
        html_css_bytes=total,
    )
    if ratio < TARGET_RATIO:
        print("FAIL: cached home page below target ratio", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
